"""Forms of the core pages (sign-in, users, organisation, audit) and the base pieces every app's forms use."""
