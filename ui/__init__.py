"""NiceGUI pages and components. Calls domain services; never touches SQL."""
