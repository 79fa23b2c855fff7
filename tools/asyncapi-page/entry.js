// The /asyncapi page's renderer: the AsyncAPI React component given an already parsed
// document (the service serves /asyncapi/parsed.json), so nothing in the browser needs eval.
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import AsyncApiComponent from "@asyncapi/react-component/lib/esm/containers/AsyncApi/Standalone.js";

window.WeerbaarAsyncApi = {
  render(schema, config, target) {
    createRoot(target).render(createElement(AsyncApiComponent, { schema, config }));
  },
};
