"""The Verksam web app: a Django project around the core (organisations, cases, JSON API, background jobs)."""
