"""The Streamlit app's pages and shared UI modules (state, sidebar, compute); run ``streamlit run app.py``."""
