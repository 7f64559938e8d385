"""Just enough of a WebAssembly binary writer to build hostile modules byte by byte:
LEB128 (canonical, over-long, with unused bits), sections, vectors, function bodies.
Nothing here validates: the point is to write exactly the bytes asked for."""

MAGIC = b"\0asm\1\0\0\0"

# Section ids.
CUSTOM, TYPE, IMPORT, FUNCTION, TABLE, MEMORY, GLOBAL, EXPORT, START, ELEM, CODE, DATA, DATACOUNT = range(13)
TAG = 13

I32, I64, F32, F64 = 0x7F, 0x7E, 0x7D, 0x7C
FUNCREF = 0x70


def u(n, pad_to=0):
    """Unsigned LEB128; pad_to > 0 writes at least that many bytes (over-long form)."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        more = n != 0 or len(out) + 1 < pad_to
        out.append(b | 0x80 if more else b)
        if not more:
            return bytes(out)


def s(n, pad_to=0):
    """Signed LEB128; pad_to as for u() (padding repeats the sign)."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            break
        out.append(b | 0x80)
    neg = bool(out[-1] & 0x40)
    while len(out) < pad_to:
        out[-1] |= 0x80
        out.append(0x7F if neg else 0x00)
    return bytes(out)


def name(b):
    if isinstance(b, str):
        b = b.encode()
    return u(len(b)) + b


def vec(items, count=None):
    """A vector; `count` overrides the declared length (to lie about it)."""
    items = list(items)
    return u(len(items) if count is None else count) + b"".join(items)


def section(sid, payload, size=None):
    return bytes([sid]) + (u(len(payload)) if size is None else size) + payload


def module(*sections):
    return MAGIC + b"".join(sections)


def functype(params=(), results=()):
    return b"\x60" + vec(bytes([p]) for p in params) + vec(bytes([r]) for r in results)


def body(code, locals_=b"\x00"):
    """A code-section entry: locals (already encoded, default none) + instructions."""
    b = locals_ + code
    return u(len(b)) + b


def func_module(code, params=(), results=(), locals_=b"\x00", extra_types=(), memory=None, table=None,
                export="f"):
    """One exported function `export` of type (params) -> (results) with `code` (which
    must end with 0x0B); optional memory / table (their encoded types)."""
    secs = [section(TYPE, vec([functype(params, results), *extra_types])),
            section(FUNCTION, vec([u(0)]))]
    if table is not None:
        secs.append(section(TABLE, vec([table])))
    if memory is not None:
        secs.append(section(MEMORY, vec([memory])))
    secs.append(section(EXPORT, vec([name(export) + b"\x00" + u(0)])))
    secs.append(section(CODE, vec([body(code, locals_)])))
    return module(*secs)
