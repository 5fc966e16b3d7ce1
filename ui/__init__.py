"""Streamlit-specific pieces shared by the pages: guard, navigation, cached data, charts."""
