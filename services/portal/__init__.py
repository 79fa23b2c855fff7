"""The portal: Weerbaar's Dutch web front end for gemeenten, regions, the national programme
and residents. A backend-for-frontend: it owns no domain data and calls the four services'
public HTTP APIs with the signed-in user's token."""
