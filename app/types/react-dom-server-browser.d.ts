// react-dom ships this entry (the web-stream renderer) without a type file of its own.
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
