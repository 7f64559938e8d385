// Text printer: instructions (keyword and immediates, by the opcode table's ImmKind),
// function bodies with block indentation, and constant expressions.
#include <fmt/format.h>

#include <algorithm>

#include "binary/instr_reader.h"
#include "text/printer_internal.h"

namespace nanoproc::print_detail {
namespace {

constexpr int kMaxIndentLevel = 32;

void append_block_type(std::string& out, const BlockType& bt) {
  switch (bt.kind) {
    case BlockType::Kind::Empty: break;
    case BlockType::Kind::Value: out += fmt::format(" (result {})", val_type_text(bt.value)); break;
    case BlockType::Kind::Index: out += fmt::format(" (type {})", bt.index); break;
  }
}

void append_memarg(std::string& out, const MemArg& ma, Opcode op) {
  if (ma.memory != 0) out += fmt::format(" {}", ma.memory);
  if (ma.offset != 0) out += fmt::format(" offset={}", ma.offset);
  if (ma.align_log2 != natural_align_log2(op)) {
    // The binary allows exponents up to 63; the text writes the alignment itself.
    out += fmt::format(" align={}", uint64_t{1} << (ma.align_log2 & 63));
  }
}

std::string local_ref(const InstrContext& cx, uint32_t local) {
  if (cx.locals && local < cx.locals->size() && !(*cx.locals)[local].empty())
    return (*cx.locals)[local];
  return fmt::format("{}", local);
}

// The v128 lanes as four 32-bit hex words: exact, whatever the bytes mean.
void append_v128(std::string& out, const uint8_t* v) {
  out += " i32x4";
  for (int i = 0; i < 4; ++i) {
    uint32_t w = uint32_t(v[4 * i]) | uint32_t(v[4 * i + 1]) << 8 | uint32_t(v[4 * i + 2]) << 16 |
                 uint32_t(v[4 * i + 3]) << 24;
    out += fmt::format(" 0x{:08x}", w);
  }
}

const char* catch_keyword(CatchKind k) {
  switch (k) {
    case CatchKind::Catch: return "catch";
    case CatchKind::CatchRef: return "catch_ref";
    case CatchKind::CatchAll: return "catch_all";
    case CatchKind::CatchAllRef: return "catch_all_ref";
  }
  return "catch";
}

bool opens_block(Opcode op) {
  return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::Try ||
         op == Opcode::TryTable;
}

// Instructions printed at their block's indentation that continue it (else, catch).
bool continues_block(Opcode op) {
  return op == Opcode::Else || op == Opcode::Catch || op == Opcode::CatchAll;
}

}  // namespace

void append_instr(std::string& out, const InstrContext& cx, const Instr& in) {
  const OpInfo& info = op_info(in.op);
  out += info.text;
  switch (info.imm) {
    case ImmKind::None: break;
    case ImmKind::Block: append_block_type(out, in.block); break;
    case ImmKind::Label:
    case ImmKind::Type:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Data:
    case ImmKind::Elem:
    case ImmKind::Tag: out += fmt::format(" {}", in.a); break;
    case ImmKind::Memory:  // memory.size / grow / fill: index 0 is implicit
      if (in.a != 0) out += fmt::format(" {}", in.a);
      break;
    case ImmKind::Func:
      out += ' ';
      out += func_ref(cx.names, in.a);
      break;
    case ImmKind::Local:
      out += ' ';
      out += local_ref(cx, in.a);
      break;
    case ImmKind::BrTable:
      for (uint32_t t : in.targets) out += fmt::format(" {}", t);
      out += fmt::format(" {}", in.a);
      break;
    case ImmKind::CallIndirect:
      if (in.b != 0) out += fmt::format(" {}", in.b);
      out += fmt::format(" (type {})", in.a);
      break;
    case ImmKind::MemArg: append_memarg(out, in.mem, in.op); break;
    case ImmKind::MemArgLane:
      append_memarg(out, in.mem, in.op);
      out += fmt::format(" {}", in.lane);
      break;
    case ImmKind::I32:
    case ImmKind::I64: out += fmt::format(" {}", in.i64); break;
    case ImmKind::F32:
      out += ' ';
      out += f32_text(static_cast<uint32_t>(in.bits));
      break;
    case ImmKind::F64:
      out += ' ';
      out += f64_text(in.bits);
      break;
    case ImmKind::V128: append_v128(out, in.v128); break;
    case ImmKind::Lane: out += fmt::format(" {}", in.lane); break;
    case ImmKind::Shuffle:
      for (uint8_t l : in.v128) out += fmt::format(" {}", l);
      break;
    case ImmKind::HeapType:
      // ref.test / ref.cast name a reference type; which row says whether it is nullable.
      if (in.op == Opcode::RefNull)
        append_word(out, heap_type_text(in.heap));
      else
        append_word(out, ref_type_text(in.heap, in.op == Opcode::RefTestNull ||
                                                    in.op == Opcode::RefCastNull));
      break;
    case ImmKind::SelectT:
      out += " (result";
      for (ValType t : in.types) append_word(out, val_type_text(t));
      out += ")";
      break;
    case ImmKind::MemoryInit:  // text order: memory, data
      if (in.b != 0) out += fmt::format(" {}", in.b);
      out += fmt::format(" {}", in.a);
      break;
    case ImmKind::TableInit:  // text order: table, elem
      if (in.b != 0) out += fmt::format(" {}", in.b);
      out += fmt::format(" {}", in.a);
      break;
    case ImmKind::MemoryCopy:
    case ImmKind::TableCopy:
      if (in.a != 0 || in.b != 0) out += fmt::format(" {} {}", in.a, in.b);
      break;
    case ImmKind::Field:
    case ImmKind::TypeCount:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType: out += fmt::format(" {} {}", in.a, in.b); break;
    case ImmKind::TryTable:
      append_block_type(out, in.block);
      for (const auto& c : in.catches) {
        out += fmt::format(" ({}", catch_keyword(c.kind));
        if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef)
          out += fmt::format(" {}", c.tag);
        out += fmt::format(" {})", c.label);
      }
      break;
    case ImmKind::BrOnCast:
      out += fmt::format(" {} {} {}", in.a, ref_type_text(in.heap, in.cast_flags & 1),
                         ref_type_text(in.heap2, in.cast_flags & 2));
      break;
  }
}

void append_body(std::string& out, const InstrContext& cx, std::span<const uint8_t> body,
                 uint64_t offset, int indent) {
  ByteReader r(body.data(), body.data() + body.size(), offset);
  InstrReader reader(r);
  Instr in;
  int depth = 0;
  while (!r.at_end()) {
    if (!reader.next(in)) {
      int at = indent + 2 * std::min(depth, kMaxIndentLevel);
      out += fmt::format("{:{}};; malformed: {}\n", "", at, r.error().to_string());
      return;
    }
    bool closes = in.op == Opcode::End || in.op == Opcode::Delegate;
    if (closes && depth == 0) {
      // The function's own `end` is implicit in the text format.
      if (!r.at_end())
        out += fmt::format("{:{}};; malformed: {} bytes after the final end\n", "", indent,
                           r.remaining());
      return;
    }
    if (closes) --depth;
    int level = depth - (continues_block(in.op) && depth > 0 ? 1 : 0);
    // Machine-generated code nests blocks thousands deep (a switch lowered to a block
    // per case); indenting all of it would make the output quadratic in size.
    level = std::min(level, kMaxIndentLevel);
    out.append(static_cast<size_t>(indent + 2 * level), ' ');
    append_instr(out, cx, in);
    out += '\n';
    if (opens_block(in.op)) ++depth;
  }
}

void append_expr(std::string& out, const InstrContext& cx, const ConstExpr& e) {
  ByteReader r(e.bytes.data(), e.bytes.data() + e.bytes.size(), e.offset);
  InstrReader reader(r);
  Instr in;
  int depth = 0;
  while (!r.at_end()) {
    if (!reader.next(in)) {
      out += " (; malformed ;)";
      return;
    }
    bool closes = in.op == Opcode::End || in.op == Opcode::Delegate;
    if (closes && depth == 0) return;
    if (closes) --depth;
    // Plain instructions are folded, "(i32.const 1)"; block structure stays flat.
    bool plain = !closes && !opens_block(in.op) && !continues_block(in.op) && depth == 0;
    out += plain ? " (" : " ";
    append_instr(out, cx, in);
    if (plain) out += ')';
    if (opens_block(in.op)) ++depth;
  }
}

}  // namespace nanoproc::print_detail
