// JSON values as Maelstrom's Clojure sees them once Cheshire has parsed them: equality (objects
// ignore member order, 1 and 1.0 differ) and ordering (Clojure's compare, which refuses to order
// objects or values of different kinds).
#pragma once

#include <optional>
#include <string>

#include "maelstrom/json.h"

namespace glomers {

// A text that two values share exactly when Clojure calls them equal: objects with sorted keys
// (the last of duplicate keys wins), strings re-escaped canonically, integers exactly, other
// numbers by their double value and marked apart from integers. Usable as a hash key.
std::string CanonicalJson(maelstrom::JsonView value);

// Clojure's compare: negative, zero or positive; nullopt where Clojure throws (objects, or two
// values of different kinds, such as a number and a string). null orders before everything;
// numbers by value; strings by UTF-16 code units, as Java does; booleans false first; arrays by
// length, then element by element.
std::optional<int> CompareJson(maelstrom::JsonView a, maelstrom::JsonView b);

}  // namespace glomers
