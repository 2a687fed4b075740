// The subtyping rules of binary/subtyping.h.
#include "binary/subtyping.h"

#include <gtest/gtest.h>

namespace wasmline::binary {
namespace {

// A module with types 0: func, 1: struct, 2: struct <: 1, 3: array.
Module typesModule() {
  Module module;
  module.types.resize(4);
  module.types[1].kind = TypeDef::Kind::Struct;
  module.types[2].kind = TypeDef::Kind::Struct;
  module.types[2].supertype = 1;
  module.types[3].kind = TypeDef::Kind::Array;
  return module;
}

ValType ref(HeapType heap, bool nullable = true) {
  return ValType::ref(heap, nullable);
}

TEST(Subtyping, NumbersAndVectorsMatchOnlyThemselves) {
  const Module module;
  EXPECT_TRUE(isSubtype(ValType::I32, ValType::I32, module));
  EXPECT_FALSE(isSubtype(ValType::I32, ValType::I64, module));
  EXPECT_FALSE(isSubtype(ValType::V128, ValType::FuncRef, module));
  EXPECT_FALSE(isSubtype(ValType::FuncRef, ValType::I32, module));
}

TEST(Subtyping, NullabilityOnlyWidens) {
  const Module module;
  EXPECT_TRUE(isSubtype(ref(HeapKind::Func, false), ValType::FuncRef, module));
  EXPECT_FALSE(isSubtype(ValType::FuncRef, ref(HeapKind::Func, false), module));
}

TEST(Subtyping, AbstractHierarchies) {
  const Module module;
  EXPECT_TRUE(isSubtype(ValType::I31Ref, ValType::EqRef, module));
  EXPECT_TRUE(isSubtype(ValType::StructRef, ValType::AnyRef, module));
  EXPECT_TRUE(isSubtype(ValType::NullRef, ValType::I31Ref, module));
  EXPECT_TRUE(isSubtype(ValType::NullFuncRef, ValType::FuncRef, module));
  EXPECT_TRUE(isSubtype(ValType::NullExternRef, ValType::ExternRef, module));
  EXPECT_TRUE(isSubtype(ValType::NullExnRef, ValType::ExnRef, module));
  EXPECT_FALSE(isSubtype(ValType::FuncRef, ValType::AnyRef, module));
  EXPECT_FALSE(isSubtype(ValType::ExternRef, ValType::AnyRef, module));
  EXPECT_FALSE(isSubtype(ValType::AnyRef, ValType::EqRef, module));
  EXPECT_FALSE(isSubtype(ValType::NullRef, ValType::FuncRef, module));
}

TEST(Subtyping, ConcreteTypes) {
  const Module module = typesModule();
  EXPECT_TRUE(isSubtype(ref(HeapType::concrete(0)), ValType::FuncRef, module));
  EXPECT_FALSE(isSubtype(ref(HeapType::concrete(0)), ValType::AnyRef, module));
  EXPECT_TRUE(isSubtype(ref(HeapType::concrete(1)), ValType::StructRef, module));
  EXPECT_TRUE(isSubtype(ref(HeapType::concrete(1)), ValType::EqRef, module));
  EXPECT_TRUE(isSubtype(ref(HeapType::concrete(3)), ValType::ArrayRef, module));
  EXPECT_FALSE(isSubtype(ref(HeapType::concrete(3)), ValType::StructRef, module));
  // declared supertypes
  EXPECT_TRUE(isSubtype(ref(HeapType::concrete(2)), ref(HeapType::concrete(1)), module));
  EXPECT_FALSE(isSubtype(ref(HeapType::concrete(1)), ref(HeapType::concrete(2)), module));
  // bottoms are below concrete types of their hierarchy
  EXPECT_TRUE(isSubtype(ValType::NullRef, ref(HeapType::concrete(2)), module));
  EXPECT_TRUE(isSubtype(ValType::NullFuncRef, ref(HeapType::concrete(0)), module));
  EXPECT_FALSE(isSubtype(ValType::NullFuncRef, ref(HeapType::concrete(1)), module));
  EXPECT_EQ(topOf(HeapType::concrete(2), module), HeapKind::Any);
  EXPECT_EQ(topOf(HeapKind::NoExtern, module), HeapKind::Extern);
}

TEST(ValType, TextForms) {
  EXPECT_EQ(ValType::FuncRef.toString(), "funcref");
  EXPECT_EQ(ValType::NullExnRef.toString(), "nullexnref");
  EXPECT_EQ(ref(HeapKind::Any, false).toString(), "(ref any)");
  EXPECT_EQ(ref(HeapType::concrete(7)).toString(), "(ref null 7)");
  EXPECT_EQ(ValType::V128.toString(), "v128");
}

} // namespace
} // namespace wasmline::binary
