// Sequentially consistent atomic operations on little-endian cells of a linear memory. The
// caller has checked bounds and natural alignment. Shared by the interpreter and the host API.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>

#include "memory/endian.h"
#include "wasmline/memory.h"

namespace wasmline::detail {

template <class T> std::atomic_ref<T> cellAt(std::uint8_t* address) {
  return std::atomic_ref<T>(*reinterpret_cast<T*>(address));
}

// Loads the cell at `address`.
template <class T> T atomicLoadCell(std::uint8_t* address) {
  return toLittleEndian(cellAt<T>(address).load());
}

// Stores `value` into the cell at `address`.
template <class T> void atomicStoreCell(std::uint8_t* address, T value) {
  cellAt<T>(address).store(toLittleEndian(value));
}

// Computes the new value of a read-modify-write from the old one.
template <class T> constexpr T applyAtomicOp(AtomicOp op, T old, T operand) {
  switch (op) {
  case AtomicOp::Add: return static_cast<T>(old + operand);
  case AtomicOp::Sub: return static_cast<T>(old - operand);
  case AtomicOp::And: return static_cast<T>(old & operand);
  case AtomicOp::Or: return static_cast<T>(old | operand);
  case AtomicOp::Xor: return static_cast<T>(old ^ operand);
  case AtomicOp::Exchange: return operand;
  }
  return old;
}

// Applies `op` to the cell at `address` and returns its previous value.
template <class T> T atomicRmwCell(AtomicOp op, std::uint8_t* address, T operand) {
  std::atomic_ref<T> cell = cellAt<T>(address);
  if constexpr (std::endian::native == std::endian::little) {
    switch (op) {
    case AtomicOp::Add: return cell.fetch_add(operand);
    case AtomicOp::Sub: return cell.fetch_sub(operand);
    case AtomicOp::And: return cell.fetch_and(operand);
    case AtomicOp::Or: return cell.fetch_or(operand);
    case AtomicOp::Xor: return cell.fetch_xor(operand);
    case AtomicOp::Exchange: return cell.exchange(operand);
    }
  }
  T stored = cell.load();
  while (!cell.compare_exchange_weak(
      stored, toLittleEndian(applyAtomicOp(op, toLittleEndian(stored), operand)))) {
  }
  return toLittleEndian(stored);
}

// Replaces the cell's value with `replacement` if it equals `expected`; returns the old value.
template <class T> T atomicCompareExchangeCell(std::uint8_t* address, T expected, T replacement) {
  T stored = toLittleEndian(expected);
  cellAt<T>(address).compare_exchange_strong(stored, toLittleEndian(replacement));
  return toLittleEndian(stored);
}

} // namespace wasmline::detail
