// Renders this service's AsyncAPI document (already parsed by the service) with the AsyncAPI React component.
// A file, not an inline script: the pages' Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";
  var target = document.getElementById("asyncapi");
  var config = {
    show: { sidebar: true, info: true, servers: true, operations: true, messages: true, schemas: true, errors: true },
    expand: { messageExamples: true },
    sidebar: { showServers: "byDefault", showOperations: "byDefault" }
  };
  fetch(target.getAttribute("data-document"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (schema) {
      window.WeerbaarAsyncApi.render(schema, config, target);
    })
    .catch(function (error) {
      target.textContent = "Het AsyncAPI-document kon niet worden geladen: " + error.message;
    });
})();
