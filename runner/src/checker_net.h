// Maelstrom's net checker: message counts from the network's journal, and messages per client
// operation (init traffic included, as in Maelstrom). Always valid.
#pragma once

#include <string>

#include "runner/src/history.h"
#include "runner/src/network.h"

namespace glomers {

// {"all":{"send-count":..,"recv-count":..,"msg-count":..,"msgs-per-op":..},"clients":{...},
//  "servers":{...,"msgs-per-op":..},"valid?":true}; msgs-per-op only when something was invoked.
std::string NetResultJson(const NetStats& stats, const History& history);

}  // namespace glomers
