"""The accounts' pages: signing in and one's account (``auth``), asking for an account
(``sign_up``), deciding on requests (``requests``), authorities' and embassies' people
(``people``)."""
