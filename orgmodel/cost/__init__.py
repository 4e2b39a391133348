"""Cost: payroll, loaded cost, management's share of it, and open roles from their start dates."""
