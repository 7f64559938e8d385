// Immediates of plain instructions in the WAT parser, dispatched on the opcode's ImmKind.
#include <cstring>

#include <fmt/format.h>

#include "text/literals.h"
#include "text/wat_parser.h"

namespace nanoproc::text {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool WatParser::at_index() const { return c_.is(TokKind::Id) || c_.is(TokKind::Number); }

Expected<uint32_t> WatParser::index(Space s) {
  const Token& t = c_.peek();
  if (t.kind == TokKind::Number) {
    uint64_t v;
    LitStatus st = parse_nat(t.text, UINT32_MAX, &v);
    if (st == LitStatus::Range) return Unexpected(c_.error(t, "i32 constant out of range"));
    if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
    c_.next();
    return uint32_t(v);
  }
  if (t.kind != TokKind::Id) return Unexpected(c_.unexpected());
  if (s == Space::Label) return Unexpected(c_.unexpected());
  const NameSpace& ns = s == Space::Local ? locals_ : spaces_[unsigned(s)];
  auto it = ns.names.find(std::string(t.text));
  if (it == ns.names.end())
    return Unexpected(c_.error(t, fmt::format("unknown {} ${}", space_name(s), t.text)));
  c_.next();
  return it->second;
}

Expected<uint32_t> WatParser::label_index() {
  const Token& t = c_.peek();
  if (t.kind != TokKind::Id) return u32_literal();  // numeric depth
  for (size_t i = labels_.size(); i-- > 0;) {
    if (labels_[i] == t.text) {
      c_.next();
      return uint32_t(labels_.size() - 1 - i);
    }
  }
  return Unexpected(c_.error(t, fmt::format("unknown label ${}", t.text)));
}

Expected<uint32_t> WatParser::field_index(uint32_t type_index) {
  const Token& t = c_.peek();
  if (t.kind == TokKind::Id && type_index < field_names_.size()) {
    auto& names = field_names_[type_index];
    auto it = names.find(std::string(t.text));
    if (it != names.end()) {
      c_.next();
      return it->second;
    }
  }
  if (t.kind == TokKind::Id)
    return Unexpected(c_.error(t, fmt::format("unknown field ${}", t.text)));
  return u32_literal();
}

Expected<uint32_t> WatParser::u32_literal() {
  const Token& t = c_.peek();
  if (t.kind != TokKind::Number) return Unexpected(c_.unexpected());
  return index(Space::Type);  // a number never consults the name table
}

Expected<uint8_t> WatParser::lane_index() {
  const Token& t = c_.peek();
  uint64_t v;
  if (t.kind != TokKind::Number) return Unexpected(c_.unexpected());
  LitStatus st = parse_nat(t.text, 255, &v);
  if (st == LitStatus::Range) return Unexpected(c_.error(t, "i8 constant out of range"));
  if (st != LitStatus::Ok) return Unexpected(c_.unexpected());
  c_.next();
  return uint8_t(v);
}

Status WatParser::memarg(Instr& in) {
  in.mem.memory = 0;
  bool lane = op_info(in.op).imm == ImmKind::MemArgLane;
  // With a lane index following, a lone number is the lane, not the memory.
  bool mem = c_.is(TokKind::Id) ||
             (c_.is(TokKind::Number) &&
              (!lane || c_.is(TokKind::Number, 1) ||
               (c_.is(TokKind::Keyword, 1) && (starts_with(c_.peek(1).text, "offset=") ||
                                               starts_with(c_.peek(1).text, "align=")))));
  if (mem) in.mem.memory = NP_TRY(index(Space::Memory));
  in.mem.offset = 0;
  if (c_.is(TokKind::Keyword) && starts_with(c_.peek().text, "offset=")) {
    const Token& t = c_.next();
    if (parse_nat(t.text.substr(7), UINT64_MAX, &in.mem.offset) != LitStatus::Ok)
      return Unexpected(c_.error(t, "i64 constant out of range"));
  }
  in.mem.align_log2 = natural_align_log2(in.op);
  if (c_.is(TokKind::Keyword) && starts_with(c_.peek().text, "align=")) {
    const Token& t = c_.next();
    uint64_t a;
    if (parse_nat(t.text.substr(6), UINT64_MAX, &a) != LitStatus::Ok)
      return Unexpected(c_.error(t, "i64 constant out of range"));
    if (a == 0 || (a & (a - 1)) != 0)
      return Unexpected(c_.error(t, "alignment must be a power of two"));
    in.mem.align_log2 = uint32_t(__builtin_ctzll(a));
  }
  if (lane) in.lane = NP_TRY(lane_index());
  return ok_status();
}

Status WatParser::const_literal(Instr& in, ImmKind kind) {
  const Token& t = c_.peek();
  if (t.kind != TokKind::Number && t.kind != TokKind::Keyword) return Unexpected(c_.unexpected());
  LitStatus st;
  switch (kind) {
    case ImmKind::I32: {
      uint64_t v = 0;
      st = parse_int(t.text, 32, &v);
      in.i64 = int32_t(uint32_t(v));
      break;
    }
    case ImmKind::I64: {
      uint64_t v = 0;
      st = parse_int(t.text, 64, &v);
      in.i64 = int64_t(v);
      break;
    }
    case ImmKind::F32: {
      uint32_t b = 0;
      st = parse_f32(t.text, &b);
      in.bits = b;
      break;
    }
    default:
      st = parse_f64(t.text, &in.bits);
      break;
  }
  if (st == LitStatus::Range) return Unexpected(c_.error(t, "constant out of range"));
  if (st != LitStatus::Ok) return Unexpected(c_.error(t, "unexpected token"));
  c_.next();
  return ok_status();
}

Status WatParser::v128_const(Instr& in) {
  const Token& shape = c_.peek();
  unsigned lane_bits;
  bool is_float;
  if (shape.kind != TokKind::Keyword || !v128_shape(shape.text, &lane_bits, &is_float))
    return Unexpected(c_.unexpected());
  c_.next();
  unsigned lanes = 128 / lane_bits, bytes = lane_bits / 8;
  for (unsigned i = 0; i < lanes; ++i) {
    const Token& t = c_.peek();
    if (t.kind != TokKind::Number && !(is_float && t.kind == TokKind::Keyword))
      return Unexpected(c_.error(t, "wrong number of lane literals"));
    uint64_t v = 0;
    LitStatus st = parse_lane(t.text, lane_bits, is_float, &v);
    if (st == LitStatus::Range) return Unexpected(c_.error(t, "constant out of range"));
    if (st != LitStatus::Ok) return Unexpected(c_.error(t, "unexpected token"));
    c_.next();
    for (unsigned b = 0; b < bytes; ++b) in.v128[i * bytes + b] = uint8_t(v >> (8 * b));
  }
  return ok_status();
}

Status WatParser::plain(Opcode op, const Token& kw, Instr& in) {
  in.op = op;
  switch (op_info(op).imm) {
    case ImmKind::None:
      if (op == Opcode::Select && c_.is_sexpr("result")) {
        in.op = Opcode::SelectT;
        while (c_.is_sexpr("result")) {
          c_.next();
          c_.next();
          while (!c_.at_rparen_or_eof()) in.types.push_back(NP_TRY(val_type()));
          NP_CHECK(c_.expect_rparen());
        }
      }
      break;
    case ImmKind::Label:
      in.a = NP_TRY(label_index());
      break;
    case ImmKind::BrTable:
      while (at_index()) in.targets.push_back(NP_TRY(label_index()));
      if (in.targets.empty()) return Unexpected(c_.unexpected());
      in.a = in.targets.back();
      in.targets.pop_back();
      break;
    case ImmKind::Func:
      in.a = NP_TRY(index(Space::Func));
      break;
    case ImmKind::CallIndirect: {
      in.b = at_index() ? NP_TRY(index(Space::Table)) : 0;
      TypeUse tu;
      NP_CHECK(type_use(&tu, false));
      in.a = NP_TRY(resolve_type_use(tu));
      break;
    }
    case ImmKind::Type:
      in.a = NP_TRY(index(Space::Type));
      break;
    case ImmKind::Local:
      in.a = NP_TRY(index(Space::Local));
      break;
    case ImmKind::Global:
      in.a = NP_TRY(index(Space::Global));
      break;
    case ImmKind::Tag:
      in.a = NP_TRY(index(Space::Tag));
      break;
    case ImmKind::Elem:
      in.a = NP_TRY(index(Space::Elem));
      break;
    case ImmKind::Data:
      in.a = NP_TRY(index(Space::Data));
      uses_data_count_ = true;
      break;
    case ImmKind::Table:
      in.a = at_index() ? NP_TRY(index(Space::Table)) : 0;
      break;
    case ImmKind::Memory:
      in.a = at_index() ? NP_TRY(index(Space::Memory)) : 0;
      break;
    case ImmKind::MemArg:
    case ImmKind::MemArgLane:
      NP_CHECK(memarg(in));
      break;
    case ImmKind::I32:
    case ImmKind::I64:
    case ImmKind::F32:
    case ImmKind::F64:
      NP_CHECK(const_literal(in, op_info(op).imm));
      break;
    case ImmKind::V128:
      NP_CHECK(v128_const(in));
      break;
    case ImmKind::Lane:
      in.lane = NP_TRY(lane_index());
      break;
    case ImmKind::Shuffle:
      for (unsigned i = 0; i < 16; ++i) {
        if (!c_.is(TokKind::Number)) return Unexpected(c_.error("invalid lane length"));
        in.v128[i] = NP_TRY(lane_index());
      }
      break;
    case ImmKind::HeapType:
      if (op == Opcode::RefTest || op == Opcode::RefCast) {
        ValType rt = NP_TRY(ref_type());
        in.heap = rt.heap;
        if (rt.nullable) in.op = op == Opcode::RefTest ? Opcode::RefTestNull : Opcode::RefCastNull;
      } else {
        in.heap = NP_TRY(heap_type());
      }
      break;
    case ImmKind::SelectT:
      break;  // reached only through `select (result ...)` above
    case ImmKind::MemoryInit: {
      bool two = at_index() && (c_.is(TokKind::Id, 1) || c_.is(TokKind::Number, 1));
      if (two) in.b = NP_TRY(index(Space::Memory));
      in.a = NP_TRY(index(Space::Data));
      uses_data_count_ = true;
      break;
    }
    case ImmKind::TableInit: {
      bool two = at_index() && (c_.is(TokKind::Id, 1) || c_.is(TokKind::Number, 1));
      if (two) in.b = NP_TRY(index(Space::Table));
      in.a = NP_TRY(index(Space::Elem));
      break;
    }
    case ImmKind::MemoryCopy:
    case ImmKind::TableCopy: {
      Space s = op_info(op).imm == ImmKind::MemoryCopy ? Space::Memory : Space::Table;
      if (at_index()) {
        in.a = NP_TRY(index(s));
        in.b = NP_TRY(index(s));
      }
      break;
    }
    case ImmKind::Field:
      in.a = NP_TRY(index(Space::Type));
      in.b = NP_TRY(field_index(in.a));
      break;
    case ImmKind::TypeCount:
      in.a = NP_TRY(index(Space::Type));
      in.b = NP_TRY(u32_literal());
      break;
    case ImmKind::TypeData:
      in.a = NP_TRY(index(Space::Type));
      in.b = NP_TRY(index(Space::Data));
      uses_data_count_ = true;
      break;
    case ImmKind::TypeElem:
      in.a = NP_TRY(index(Space::Type));
      in.b = NP_TRY(index(Space::Elem));
      break;
    case ImmKind::TypeType:
      in.a = NP_TRY(index(Space::Type));
      in.b = NP_TRY(index(Space::Type));
      break;
    case ImmKind::BrOnCast: {
      in.a = NP_TRY(label_index());
      ValType from = NP_TRY(ref_type());
      ValType to = NP_TRY(ref_type());
      in.heap = from.heap;
      in.heap2 = to.heap;
      in.cast_flags = uint8_t((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0));
      break;
    }
    case ImmKind::Block:
    case ImmKind::TryTable:
      return Unexpected(c_.error(kw, "unexpected token"));  // handled as structured instrs
  }
  return ok_status();
}

}  // namespace nanoproc::text
