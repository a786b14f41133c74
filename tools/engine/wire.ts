/**
 * The Pulumi wire format of property values, as the engine sees them (protobuf Struct as JSON):
 * unknowns are a sentinel string, secrets, resource references and assets are objects tagged with a
 * signature key. The offline plan keeps inputs in this form so that the policy pack sees exactly what
 * `pulumi preview` would send it.
 */
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** How the plan shows a computed (unknown during preview) value. */
export const COMPUTED = "<computed>";
/** How the plan shows a secret value. */
export const SECRET = "[secret]";

/** Wire form to display form: unknowns as `<computed>`, secrets as `[secret]`, references by URN. */
export function display(value: WireValue): unknown {
  if (value === UNKNOWN) {
    return COMPUTED;
  }
  if (Array.isArray(value)) {
    return value.map(display);
  }
  if (value !== null && typeof value === "object") {
    const sig = value[SIG_KEY];
    if (sig === SECRET_SIG) {
      return SECRET;
    }
    if (sig === RESOURCE_REF_SIG) {
      return { $ref: value.urn };
    }
    if (sig === OUTPUT_VALUE_SIG) {
      if (value.secret === true) {
        return SECRET;
      }
      return "value" in value ? display(value.value) : COMPUTED;
    }
    if (typeof sig === "string") {
      return "<asset>";
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, display(v)]));
  }
  return value;
}

/** True when the value (or anything inside it) is unknown. */
export function containsUnknown(value: WireValue): boolean {
  if (value === UNKNOWN) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(containsUnknown);
  }
  if (value !== null && typeof value === "object") {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/**
 * A protobuf Struct message that decodes to `value` itself. The SDK and the policy analyzer read property
 * messages only with `toJavaScript()` and copy what they get, so handing them the wire-form value saves
 * encoding it to protobuf just to have it decoded again. Any other way of reading it throws, rather than
 * silently seeing an empty Struct.
 */
export function structOf(value: Record<string, WireValue>): structproto.Struct {
  const message = new structproto.Struct();
  const unsupported = (): never => {
    throw new Error("a structOf message can only be read with toJavaScript()");
  };
  return Object.defineProperties(message, {
    toJavaScript: { value: () => value },
    getFieldsMap: { value: unsupported },
    serializeBinary: { value: unsupported },
    toObject: { value: unsupported },
    cloneMessage: { value: unsupported },
    clone: { value: unsupported },
  });
}
