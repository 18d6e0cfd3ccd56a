// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill
// loaded before the library itself (pki.md §4.3 gotcha 1).
import "reflect-metadata";
