// Replaces the component's helpers/parser.js: that module builds the full AsyncAPI parser
// (schema validators compiled with eval) when loaded. The page renders a document the
// service already parsed, so parsing in the browser is never needed.
export class Parser {
  static async parse() {
    throw new Error("this page renders pre-parsed documents only");
  }

  static async parseFromUrl() {
    throw new Error("this page renders pre-parsed documents only");
  }
}
