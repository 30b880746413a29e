"""The pages of a profile (individual client or shared profile): one implementation for both kinds."""
