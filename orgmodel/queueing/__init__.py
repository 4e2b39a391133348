"""Shared queueing mathematics for the review and decision engines.

Modules: `queues` (closed forms: Erlang C, Allen-Cunneen M/G/c, Pollaczek-Khinchine M/G/1,
M/G/1 with vacations, setup pools, periodic batch release), `distribution` (lattice pmfs,
convolution, quantiles) and `sampling` (seeded draws: one gamma sampler, M/G/1 waits).

Units: times in working hours, rates per working hour.

**One convention for an unstable queue** (utilisation ``rho >= 1``): every mean-wait function
returns ``inf`` there, and every probability of waiting returns 1 (the limit: everyone waits).
No function returns NaN for instability; callers test ``np.isfinite`` (or the utilisation) and
report instability instead of a number. ``tests/test_queueing_queues.py`` checks the rule for
every mean-wait function.

Heavy libraries (scipy) are imported inside the functions that need them, so importing this
package costs only numpy.
"""
