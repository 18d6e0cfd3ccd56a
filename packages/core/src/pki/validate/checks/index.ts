import type { PathCheck } from "../path-context";
import { checkAlgorithms } from "./algorithms";
import { checkBasicConstraints } from "./basic-constraints";
import { checkCriticalExtensions } from "./critical-extensions";
import { checkDefects } from "./defects";
import { checkExtendedKeyUsage } from "./extended-key-usage";
import { checkIssuerKeyUsage } from "./key-usage";
import { checkNameConstraints } from "./name-constraints";
import { checkPathLength } from "./path-length";
import { checkRfc5280Profile } from "./rfc5280-profile";
import { checkValidity } from "./validity";

export {
  checkAlgorithms,
  checkBasicConstraints,
  checkCriticalExtensions,
  checkDefects,
  checkExtendedKeyUsage,
  checkIssuerKeyUsage,
  checkNameConstraints,
  checkPathLength,
  checkRfc5280Profile,
  checkValidity,
};

/** Every path check, in the order their findings are reported. */
export const PATH_CHECKS: readonly PathCheck[] = [
  checkDefects,
  checkBasicConstraints,
  checkPathLength,
  checkIssuerKeyUsage,
  checkValidity,
  checkAlgorithms,
  checkExtendedKeyUsage,
  checkCriticalExtensions,
  checkNameConstraints,
  checkRfc5280Profile,
];
