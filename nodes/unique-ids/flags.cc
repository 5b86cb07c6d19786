#include "flags.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iterator>

namespace unique_ids {

namespace {

bool SetFlag(Config& config, const std::string& name, const std::string& value,
             std::string* error) {
  if (name == "format") {
    auto format = idgen::ParseIdFormat(value);
    if (!format) {
      *error = "unknown format \"" + value + "\" (use flake64, uuid7 or uuid4)";
      return false;
    }
    config.format = *format;
  } else if (name == "mark-dir") {
    if (value.empty()) {
      *error = "the mark directory cannot be empty";
      return false;
    }
    config.mark_dir = value;
  } else if (name == "mark-fsync") {
    if (value == "auto") {
      config.mark_fsync.reset();
    } else if (value == "yes" || value == "no") {
      config.mark_fsync = value == "yes";
    } else {
      *error = "mark-fsync must be auto, yes or no, not \"" + value + "\"";
      return false;
    }
  } else if (name == "max-lead-ms") {
    int64_t ms = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (ec != std::errc() || ptr != value.data() + value.size() || ms < 0) {
      *error = "max-lead-ms must be a non-negative integer, not \"" + value + "\"";
      return false;
    }
    if (ms >= config.lease_ms / 2) {
      *error = "max-lead-ms must be below " + std::to_string(config.lease_ms / 2) + " (half the " +
               std::to_string(config.lease_ms) + " ms mark lease), not " + value;
      return false;
    }
    config.max_lead_ms = ms;
  } else if (name == "lead-policy") {
    if (value == "wait") {
      config.lead_policy = idgen::LeadPolicy::kWait;
    } else if (value == "reject") {
      config.lead_policy = idgen::LeadPolicy::kReject;
    } else {
      *error = "lead-policy must be wait or reject, not \"" + value + "\"";
      return false;
    }
  } else if (name == "clock") {
    if (value == "coarse") {
      config.coarse_clock = true;
    } else if (value == "precise") {
      config.coarse_clock = false;
    } else {
      *error = "clock must be coarse or precise, not \"" + value + "\"";
      return false;
    }
  } else {
    *error = "unknown flag --" + name;
    return false;
  }
  return true;
}

}  // namespace

ParsedFlags ParseFlags(const std::vector<std::string>& args, const char* (*getenv)(const char*)) {
  ParsedFlags out;
  if (getenv == nullptr) getenv = [](const char* name) -> const char* { return std::getenv(name); };
  const std::pair<const char*, const char*> kEnv[] = {
      {"UNIQUE_IDS_FORMAT", "format"},           {"UNIQUE_IDS_MARK_DIR", "mark-dir"},
      {"UNIQUE_IDS_MARK_FSYNC", "mark-fsync"},   {"UNIQUE_IDS_MAX_LEAD_MS", "max-lead-ms"},
      {"UNIQUE_IDS_LEAD_POLICY", "lead-policy"}, {"UNIQUE_IDS_CLOCK", "clock"},
  };
  for (auto [var, name] : kEnv) {
    const char* value = getenv(var);
    if (value != nullptr && !SetFlag(out.config, name, value, &out.error)) {
      out.error = std::string(var) + ": " + out.error;
      return out;
    }
  }
  // Help wins wherever it stands (even where a value was expected: `--format --help`).
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return out;
    }
  }
  // Flags override the environment.
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      out.error = "unexpected argument \"" + arg + "\"";
      return out;
    }
    std::string name = arg.substr(2), value;
    const std::size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    // An unknown flag is named as such, not as one missing its value.
    if (std::find_if(std::begin(kEnv), std::end(kEnv), [&](auto e) { return name == e.second; }) ==
        std::end(kEnv)) {
      out.error = "unknown flag --" + name;
      return out;
    }
    if (eq == std::string::npos) {
      if (i + 1 == args.size()) {
        out.error = "--" + name + " needs a value";
        return out;
      }
      value = args[++i];
    }
    if (!SetFlag(out.config, name, value, &out.error)) return out;
  }
  return out;
}

}  // namespace unique_ids
