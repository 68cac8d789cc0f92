"""The accounts' forms, in the State design system (django-dsfr's form renderer):
signing in and passwords (``auth``), asking for and granting access (``requests``), the
people an authority or an embassy keeps current (``people``)."""

# Radio buttons render with our copy of django-dsfr's template (see the template).
RADIO_TEMPLATE = "accounts/radio_field.html"
