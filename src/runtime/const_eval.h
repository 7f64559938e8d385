// Evaluation of constant expressions (global, table and segment initialisers).
#pragma once
#include "ir/module.h"
#include "runtime/store.h"
#include "util/expected.h"

namespace nanoproc {

// Evaluates `e` in the context of a (partially built) instance: globals[0..n) and funcs
// must be set up for the indices the expression may use (validation guarantees which).
Expected<RawValue> eval_const(Store& store, Instance& inst, const ConstExpr& e);

}  // namespace nanoproc
