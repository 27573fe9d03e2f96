'use strict';
// Checks runtime JSON values against TypeScript declarations (.d.ts) with the
// TypeScript compiler API: the declarations are loaded into a ts.Program, a
// named interface or type alias is resolved through the type checker (which
// follows imports, `extends`, aliases, generics such as Record<K, V>), and the
// value is walked recursively against the resolved type.
//
// Rules, for a value V checked against a type T:
//   - any / unknown accept everything;
//   - string, number, boolean, null, literal types and unions of them compare
//     the JSON kind (and the literal value);
//   - arrays check every element against the element type;
//   - object types: every required property must be present, every present
//     property is checked against its declared type, and a key the type does
//     not declare is an error unless the type has a string index signature
//     (Record<string, X>), whose value type then applies;
//   - a property whose type includes `undefined` may be absent;
//   - an optional property (`p?: T`) may be absent. Stytch's SDK code
//     generator renders the API's nullable fields as optional, and the API
//     answers such fields with null (for example `next_cursor: null` on the
//     last search page), so by default null is accepted for an optional
//     property and recorded in `nulls`; { nullForOptional: 'reject' } makes
//     that an error instead;
//   - any type kind this module does not understand (functions, bigint, ...)
//     is an error, so the checker never accepts something it did not check.

const path = require('node:path');
const ts = require('typescript');

const DEFAULT_COMPILER_OPTIONS = {
  strict: true, // keeps null and undefined in unions
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  types: [],
};

class TypeShapeChecker {
  /**
   * @param {{files: string[], compilerOptions?: object}} opts files are the
   *   .d.ts (or .ts) files whose exported names can be checked against; their
   *   imports are loaded too.
   */
  constructor({ files, compilerOptions = {} }) {
    if (!Array.isArray(files) || files.length === 0) {
      throw new Error('TypeShapeChecker needs at least one declaration file');
    }
    this.files = files.map((f) => path.resolve(f));
    this.program = ts.createProgram(this.files, { ...DEFAULT_COMPILER_OPTIONS, ...compilerOptions });
    this.checker = this.program.getTypeChecker();
    this.modules = this.files.map((file) => {
      const sf = this.program.getSourceFile(file);
      if (!sf) throw new Error(`TypeScript could not load ${file}`);
      const sym = this.checker.getSymbolAtLocation(sf);
      if (!sym) throw new Error(`${file} is not a module (it exports nothing)`);
      return { file, exports: this.checker.getExportsOfModule(sym) };
    });
    // Declaration errors would make the checker resolve types to `any` and
    // accept everything: refuse to run on declarations that do not compile.
    const diags = ts.getPreEmitDiagnostics(this.program).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (diags.length > 0) {
      const text = ts.formatDiagnostics(diags.slice(0, 10), {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => process.cwd(),
        getNewLine: () => '\n',
      });
      throw new Error(`the declarations do not type-check:\n${text}`);
    }
    this.cache = new Map();
  }

  /** Resolves an exported interface, type alias or class by name. */
  resolve(typeName) {
    if (this.cache.has(typeName)) return this.cache.get(typeName);
    for (const mod of this.modules) {
      let sym = mod.exports.find((s) => s.getName() === typeName);
      if (!sym) continue;
      if (sym.flags & ts.SymbolFlags.Alias) sym = this.checker.getAliasedSymbol(sym);
      if (!(sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class))) {
        throw new Error(`${typeName} in ${mod.file} is not a type`);
      }
      const type = this.checker.getDeclaredTypeOfSymbol(sym);
      this.cache.set(typeName, type);
      return type;
    }
    throw new Error(`no exported type ${typeName} in ${this.files.join(', ')}`);
  }

  /**
   * Checks value against the exported type typeName.
   * @returns {{errors: string[], nulls: string[]}} errors is empty when the
   *   value matches; nulls lists the paths of optional properties that were
   *   null (accepted under the default policy).
   */
  check(value, typeName, { nullForOptional = 'allow' } = {}) {
    if (nullForOptional !== 'allow' && nullForOptional !== 'reject') {
      throw new Error(`nullForOptional must be 'allow' or 'reject', not ${nullForOptional}`);
    }
    const type = this.resolve(typeName);
    return this.visit(value, type, '$', { nullForOptional, depth: 0 });
  }

  /** Throws an Error listing every mismatch; returns the nulls otherwise. */
  assert(value, typeName, opts) {
    const { errors, nulls } = this.check(value, typeName, opts);
    if (errors.length > 0) {
      const err = new Error(`value does not match ${typeName}:\n  ${errors.join('\n  ')}\nvalue: ${JSON.stringify(value)}`);
      err.typeErrors = errors;
      throw err;
    }
    return nulls;
  }

  str(type) {
    return this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  }

  visit(value, type, at, ctx) {
    if (ctx.depth > 64) return fail(`${at}: nesting deeper than 64 levels`);
    const next = { ...ctx, depth: ctx.depth + 1 };
    const f = type.flags;
    // An unresolvable reference (a missing import) is the checker's error
    // type, which carries the Any flag: refuse it rather than accept anything.
    if (type.intrinsicName === 'error') return fail(`${at}: the declared type does not resolve (a missing import?)`);
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return ok();
    if (f & ts.TypeFlags.Boolean) {
      // boolean is the union true | false; check it as one kind.
      return typeof value === 'boolean' ? ok() : mismatch(at, 'boolean', value);
    }
    if (type.isUnion()) return this.visitUnion(value, type, at, next);
    if (type.isIntersection()) {
      if (type.types.every((t) => t.flags & ts.TypeFlags.Object)) return this.visitObject(value, type, at, next);
      return merge(type.types.map((t) => this.visit(value, t, at, next)));
    }
    if (type.isStringLiteral()) {
      return value === type.value ? ok() : mismatch(at, JSON.stringify(type.value), value);
    }
    if (type.isNumberLiteral()) {
      return value === type.value ? ok() : mismatch(at, String(type.value), value);
    }
    if (f & ts.TypeFlags.BooleanLiteral) {
      const want = type.intrinsicName === 'true';
      return value === want ? ok() : mismatch(at, String(want), value);
    }
    if (f & ts.TypeFlags.String) return typeof value === 'string' ? ok() : mismatch(at, 'string', value);
    if (f & ts.TypeFlags.Number) {
      return typeof value === 'number' && Number.isFinite(value) ? ok() : mismatch(at, 'number', value);
    }
    if (f & ts.TypeFlags.Null) return value === null ? ok() : mismatch(at, 'null', value);
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
      return value === undefined ? ok() : mismatch(at, 'undefined (absent)', value);
    }
    if (f & ts.TypeFlags.Never) return fail(`${at}: the type is never, got ${describe(value)}`);
    if (f & ts.TypeFlags.Object) {
      if (this.checker.isArrayType(type)) {
        if (!Array.isArray(value)) return mismatch(at, this.str(type), value);
        const [elem] = this.checker.getTypeArguments(type);
        return merge(value.map((v, i) => this.visit(v, elem, `${at}[${i}]`, next)));
      }
      if (this.checker.isTupleType(type)) {
        const elems = this.checker.getTypeArguments(type);
        if (!Array.isArray(value) || value.length !== elems.length) return mismatch(at, this.str(type), value);
        return merge(value.map((v, i) => this.visit(v, elems[i], `${at}[${i}]`, next)));
      }
      if (isGlobalMap(type)) {
        // A Map cannot travel in JSON; it arrives as a plain object.
        if (!isPlainObject(value)) return mismatch(at, this.str(type), value);
        const [, valueType] = this.checker.getTypeArguments(type);
        return merge(Object.keys(value).map((k) => this.visit(value[k], valueType, `${at}.${k}`, next)));
      }
      if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
        return fail(`${at}: the type ${this.str(type)} is callable; JSON cannot match it`);
      }
      return this.visitObject(value, type, at, next);
    }
    return fail(`${at}: unsupported type ${this.str(type)} (flags ${f}); refusing to accept ${describe(value)}`);
  }

  visitUnion(value, type, at, ctx) {
    const results = type.types.map((t) => this.visit(value, t, at, ctx));
    const good = results.find((r) => r.errors.length === 0);
    if (good) return good;
    const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
    if (isPlainObject(value) && objects.length > 0) {
      // Report the object member that came closest.
      const best = results
        .filter((_, i) => type.types[i].flags & ts.TypeFlags.Object)
        .reduce((a, b) => (b.errors.length < a.errors.length ? b : a));
      return fail(`${at}: matches no member of ${this.str(type)}; closest member:`, ...best.errors.map((e) => `  ${e}`));
    }
    return mismatch(at, this.str(type), value);
  }

  visitObject(value, type, at, ctx) {
    if (!isPlainObject(value)) return mismatch(at, this.str(type), value);
    const errors = [];
    const nulls = [];
    const declared = new Set();
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const name = prop.getName();
      declared.add(name);
      const propType = this.checker.getTypeOfSymbol(prop);
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      const where = `${at}.${name}`;
      if (!Object.prototype.hasOwnProperty.call(value, name)) {
        if (!optional && !admits(propType, ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
          errors.push(`${where}: required property missing (declared ${this.str(propType)})`);
        }
        continue;
      }
      const v = value[name];
      if (v === null && optional && !admits(propType, ts.TypeFlags.Null)) {
        if (ctx.nullForOptional === 'allow') {
          nulls.push(where);
        } else {
          errors.push(`${where}: null for optional property (declared ${this.str(propType)})`);
        }
        continue;
      }
      const r = this.visit(v, propType, where, ctx);
      errors.push(...r.errors);
      nulls.push(...r.nulls);
    }
    const indexInfos = this.checker.getIndexInfosOfType(type);
    const stringIndex = indexInfos.find((i) => i.keyType.flags & ts.TypeFlags.String);
    const numberIndex = indexInfos.find((i) => i.keyType.flags & ts.TypeFlags.Number);
    for (const key of Object.keys(value)) {
      if (declared.has(key)) continue;
      const index = stringIndex || (numberIndex && /^(0|[1-9][0-9]*)$/.test(key) ? numberIndex : undefined);
      if (!index) {
        errors.push(`${at}.${key}: property not declared by ${this.str(type)} (got ${describe(value[key])})`);
        continue;
      }
      const r = this.visit(value[key], index.type, `${at}.${key}`, ctx);
      errors.push(...r.errors);
      nulls.push(...r.nulls);
    }
    return { errors, nulls };
  }
}

function admits(type, flags) {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | flags)) return true;
  return type.isUnion() && type.types.some((t) => t.flags & flags);
}

function isGlobalMap(type) {
  const sym = type.getSymbol();
  if (!sym || sym.getName() !== 'Map') return false;
  return (sym.getDeclarations() || []).some((d) => d.getSourceFile().hasNoDefaultLib);
}

function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v) {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function ok() {
  return { errors: [], nulls: [] };
}

function fail(...errors) {
  return { errors, nulls: [] };
}

function mismatch(at, want, value) {
  return fail(`${at}: expected ${want}, got ${describe(value)}`);
}

function merge(results) {
  return {
    errors: results.flatMap((r) => r.errors),
    nulls: results.flatMap((r) => r.nulls),
  };
}

/** The directory of the stytch package's declarations (types/lib). */
function stytchTypesDir() {
  // The package's exports map hides package.json; its main is dist/index.js.
  return path.join(path.dirname(require.resolve('stytch')), '..', 'types', 'lib');
}

let sharedChecker;

/**
 * The checker over the stytch SDK's B2B Organizations types
 * (types/lib/b2b/organizations.d.ts) and its error body types
 * (types/lib/shared/errors.d.ts), built once per process (loading the
 * declarations takes a second or two).
 */
function stytchOrganizationsChecker() {
  if (!sharedChecker) {
    const dir = stytchTypesDir();
    sharedChecker = new TypeShapeChecker({
      files: [path.join(dir, 'b2b', 'organizations.d.ts'), path.join(dir, 'shared', 'errors.d.ts')],
    });
  }
  return sharedChecker;
}

let sharedSSOChecker;

/**
 * The checker over the stytch SDK's B2B SSO types (types/lib/b2b/sso.d.ts,
 * sso_saml.d.ts, sso_oidc.d.ts, sso_external.d.ts), with the Organizations
 * types and the error body types, built once per process. The files export
 * no name twice, so every name resolves to one declaration.
 */
function stytchSSOChecker() {
  if (!sharedSSOChecker) {
    const dir = stytchTypesDir();
    sharedSSOChecker = new TypeShapeChecker({
      files: [
        path.join(dir, 'b2b', 'sso.d.ts'),
        path.join(dir, 'b2b', 'sso_saml.d.ts'),
        path.join(dir, 'b2b', 'sso_oidc.d.ts'),
        path.join(dir, 'b2b', 'sso_external.d.ts'),
        path.join(dir, 'b2b', 'organizations.d.ts'),
        path.join(dir, 'shared', 'errors.d.ts'),
      ],
    });
  }
  return sharedSSOChecker;
}

let sharedMembersChecker;

/**
 * The checker over the stytch SDK's B2B member types
 * (types/lib/b2b/organizations_members.d.ts, whose Member, MemberRole,
 * SearchQuery and B2BOrganizationsResultsMetadata come from
 * organizations.d.ts), with the Organizations types and the error body
 * types, built once per process. The files export no name twice.
 */
function stytchMembersChecker() {
  if (!sharedMembersChecker) {
    const dir = stytchTypesDir();
    sharedMembersChecker = new TypeShapeChecker({
      files: [
        path.join(dir, 'b2b', 'organizations_members.d.ts'),
        path.join(dir, 'b2b', 'organizations.d.ts'),
        path.join(dir, 'shared', 'errors.d.ts'),
      ],
    });
  }
  return sharedMembersChecker;
}

let sharedSCIMChecker;

/**
 * The checker over the stytch SDK's B2B SCIM types (types/lib/b2b/scim.d.ts,
 * with SCIMConnection, SCIMConnectionWithToken, SCIMConnectionWithNextToken
 * and SCIMGroup, and scim_connection.d.ts, with the request and response
 * types of client.scim.connection), with the Organizations types and the
 * error body types, built once per process. The files export no name twice.
 */
function stytchSCIMChecker() {
  if (!sharedSCIMChecker) {
    const dir = stytchTypesDir();
    sharedSCIMChecker = new TypeShapeChecker({
      files: [
        path.join(dir, 'b2b', 'scim_connection.d.ts'),
        path.join(dir, 'b2b', 'scim.d.ts'),
        path.join(dir, 'b2b', 'organizations.d.ts'),
        path.join(dir, 'shared', 'errors.d.ts'),
      ],
    });
  }
  return sharedSCIMChecker;
}

let sharedRBACChecker;

/**
 * The checker over the stytch SDK's B2B RBAC types (types/lib/b2b/rbac.d.ts,
 * with Policy and OrgPolicy, and rbac_organizations.d.ts, with the
 * organization policy's request and response types), with the member,
 * Organizations and error body types, built once per process. The only name
 * exported twice is the class Organizations (of rbac_organizations.d.ts and
 * organizations.d.ts), which is not a response type.
 */
function stytchRBACChecker() {
  if (!sharedRBACChecker) {
    const dir = stytchTypesDir();
    sharedRBACChecker = new TypeShapeChecker({
      files: [
        path.join(dir, 'b2b', 'rbac.d.ts'),
        path.join(dir, 'b2b', 'rbac_organizations.d.ts'),
        path.join(dir, 'b2b', 'organizations_members.d.ts'),
        path.join(dir, 'b2b', 'organizations.d.ts'),
        path.join(dir, 'shared', 'errors.d.ts'),
      ],
    });
  }
  return sharedRBACChecker;
}

module.exports = {
  TypeShapeChecker,
  stytchMembersChecker,
  stytchOrganizationsChecker,
  stytchRBACChecker,
  stytchSCIMChecker,
  stytchSSOChecker,
  stytchTypesDir,
};
