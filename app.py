import streamlit as st

st.set_page_config(page_title="Embedding Explorer", layout="wide")
st.title("Embedding Explorer")
st.write("Placeholder: the pages arrive next.")
