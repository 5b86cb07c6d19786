// Writes EDN, the text Clojure's reader reads (results.edn, history.edn): values of the JSON data
// model as Maelstrom holds them once Cheshire has parsed them with keyword keys.
//
//   null -> nil, true/false, numbers as their JSON text (which EDN reads as the same number),
//   strings with Clojure's escapes, arrays -> vectors, objects -> maps.
//
// Map keys: with EdnKeys::kKeywords a key that is a valid keyword name ("valid?", "ok-count",
// "echo") is written as a keyword (:valid?); a key that is the JSON text of a value (how
// results.json keys unique-ids' "duplicated" by id: "2000000000319", "\"a\"") as that value;
// any other as a string. With kStrings every key stays a string (node names in nemesis values).
#pragma once

#include <string>
#include <string_view>

#include "runner/src/value.h"

namespace glomers {

enum class EdnKeys { kKeywords, kStrings };

// Whether `name` can follow ':' as a keyword the reader reads back as the same name: a letter or
// one of *+!-_?<>= first (not a digit; '+' and '-' not followed by a digit), then those and
// digits, '.', '#', ':' (no '/': namespaces are not meant here).
bool KeywordName(std::string_view name);

void AppendEdnString(std::string& out, std::string_view s);
// :name when KeywordName(name), else the string.
void AppendEdnKeyword(std::string& out, std::string_view name);
void AppendEdn(std::string& out, const Value& v, EdnKeys keys = EdnKeys::kKeywords);
// A map key, as AppendEdn writes the keys of a map (see above).
void AppendEdnKey(std::string& out, const std::string& key, EdnKeys keys);

// Results: as AppendEdn with keyword keys, and "valid?": "unknown" as Jepsen's :unknown.
void AppendResultsEdn(std::string& out, const Value& results);

}  // namespace glomers
