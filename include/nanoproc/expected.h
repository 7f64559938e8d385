// Expected<T>: a value or an Error (public API). Used at every boundary where user input
// can fail.
#pragma once
#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "nanoproc/error.h"

namespace nanoproc {

// Wraps an Error so that `return Unexpected(err);` converts to any Expected<T>.
struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
};

template <typename T>
class [[nodiscard]] Expected {
 public:
  using value_type = T;
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Expected> &&
                                                    !std::is_same_v<std::decay_t<U>, Unexpected> &&
                                                    !std::is_same_v<std::decay_t<U>, Error>>>
  Expected(U&& value) : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}
  Expected(Unexpected u) : v_(std::in_place_index<1>, std::move(u.error)) {}
  Expected(Error e) : v_(std::in_place_index<1>, std::move(e)) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!has_value()); return std::get<1>(v_); }
  Error&& error() && { assert(!has_value()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  // User-provided: `return {};` would otherwise value-initialize, zeroing the whole Error.
  Expected() noexcept {}
  Expected(Unexpected u) : e_(std::move(u.error)) {}
  Expected(Error e) : e_(std::move(e)) {}
  bool has_value() const { return !e_.has_value(); }
  explicit operator bool() const { return has_value(); }
  const Error& error() const& { assert(e_); return *e_; }
  Error&& error() && { assert(e_); return std::move(*e_); }

 private:
  std::optional<Error> e_;
};

using Status = Expected<void>;

inline Status ok_status() { return {}; }

}  // namespace nanoproc

// NP_TRY(expr): evaluate an Expected<T>; on error return it from the enclosing function,
// otherwise yield the value. (GNU statement expression: supported by g++ and clang.)
#define NP_TRY(...)                                                         \
  ({                                                                        \
    auto np_try_r_ = (__VA_ARGS__);                                         \
    if (!np_try_r_.has_value()) return ::nanoproc::Unexpected(std::move(np_try_r_).error()); \
    std::move(np_try_r_).value();                                           \
  })

// NP_CHECK(expr): the same for Expected<void>.
#define NP_CHECK(...)                                                       \
  do {                                                                      \
    auto np_chk_r_ = (__VA_ARGS__);                                         \
    if (!np_chk_r_.has_value()) return ::nanoproc::Unexpected(std::move(np_chk_r_).error()); \
  } while (0)
