/**
 * Compiled validators for CRD versions: compiled on first use and cached by schema id, so a load
 * of 5,000 policies of four kinds compiles four validators.
 */
import type { ValidateFunction } from "ajv";
import { sharedAjv } from "./ajv";
import { crdSchema } from "./crd-catalogue";
import { strictStructuralSchema } from "./strict-structural";

const compiled = new Map<string, ValidateFunction>();

/** The validator of the CRD schema `schemaId`. */
export function crdValidator(schemaId: string): ValidateFunction {
  let validate = compiled.get(schemaId);
  if (!validate) {
    validate = sharedAjv().compile(strictStructuralSchema(crdSchema(schemaId)));
    compiled.set(schemaId, validate);
  }
  return validate;
}
