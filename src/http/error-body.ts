/** The body of every error answer (documented in OpenAPI). */
import Type from 'typebox';

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), hint: Type.Optional(Type.String()) }),
});
