// Starts Swagger UI on /v1/docs. A file of its own (not inline) so the page keeps the
// Content-Security-Policy every answer carries: scripts only from this origin.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
