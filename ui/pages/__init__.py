"""Pages outside the staff shell: sign-in and the first owner's set-up."""
