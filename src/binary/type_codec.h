// Reading and writing the binary encodings of value, heap, reference and block types.
#pragma once
#include "binary/instr.h"
#include "ir/types.h"
#include "util/byte_reader.h"
#include "util/byte_writer.h"

namespace nanoproc {

// True if `b` can start a value type (number, vector or reference type).
bool is_valtype_start(uint8_t b);

HeapType read_heap_type(ByteReader& r);
ValType read_val_type(ByteReader& r);
ValType read_ref_type(ByteReader& r);      // fails unless it is a reference type
ValType read_storage_type(ByteReader& r);  // value type or packed i8/i16
BlockType read_block_type(ByteReader& r);

void write_heap_type(ByteWriter& w, HeapType h);
void write_val_type(ByteWriter& w, ValType t);  // also writes packed storage types
void write_block_type(ByteWriter& w, const BlockType& bt);

}  // namespace nanoproc
