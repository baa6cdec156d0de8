// An operation is secured when it names a non-empty security requirement, or names none while the
// document's global security has one. `security: []` or `security: [{}]` switches auth off: reported.
const nonEmpty = (requirements) =>
  Array.isArray(requirements) && requirements.length > 0 && requirements.every((r) => r && Object.keys(r).length > 0);

export default (operation, _options, context) => {
  if (operation === null || typeof operation !== 'object') return [];
  if (operation.security !== undefined) {
    return nonEmpty(operation.security)
      ? []
      : [{ message: 'Operation switches security off; every XtraKit operation needs the bearer key.' }];
  }
  const root = context.document.data;
  return nonEmpty(root?.security)
    ? []
    : [{ message: 'Operation has no security requirement and the document declares no global security.' }];
};
