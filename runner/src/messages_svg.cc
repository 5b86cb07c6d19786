// messages.svg: Maelstrom's spacetime (Lamport) diagram of the network journal
// (maelstrom/net/viz.clj). Each node, service and client that sent or received a message is a
// vertical line; time flows down by event (one step per send or receipt, not by clock); each
// message received is an arrow from its sender at the step it was sent to its receiver at the
// step it arrived, black between servers, blue when a client is involved, pink for an error
// reply, labelled with its type. Hovering an arrow shows the message. As in Maelstrom, only the
// first 10,000 events are drawn (MessageJournal keeps no more), and the picture says so.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "maelstrom/json.h"
#include "runner/src/markup.h"
#include "runner/src/network.h"
#include "runner/src/store_files.h"

namespace glomers {

namespace {

constexpr double kStep = 14;             // pixels per event
constexpr double kHead = 80;             // header: title, legend, notice
constexpr double kColumn = 70;           // at least, per entity
constexpr std::size_t kLabelEvery = 50;  // steps between a column's repeated names

// The message's type and, for an error, its text (what the arrow's label shows).
std::string Label(std::string_view body) {
  try {
    maelstrom::JsonDocument doc;
    if (!doc.Parse(body)) return "?";
    auto type = doc.root().Find("type");
    std::string label = type && type->is_string() ? type->as_string() : "?";
    if (label == "error") {
      if (auto text = doc.root().Find("text"); text && text->is_string()) {
        label += " " + text->as_string();
      }
    }
    return Truncated(label, 32);
  } catch (const maelstrom::JsonError&) {
    return "?";
  }
}

std::string Int(double x) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%.0f", x);
  return buf;
}

// An arrowhead of one colour (markers take no colour from the line that uses them in SVG 1.1).
std::string Head(const char* id, const char* color) {
  return std::string("<marker id=\"") + id +
         "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
         "markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"" +
         color + "\"/></marker>";
}

// Where things go: a column per entity that sent or received (nodes, then services, then
// clients, as their addresses are ordered), a row per event.
class Layout {
 public:
  explicit Layout(const std::vector<MessageJournal::Event>& events) : steps_(events.size()) {
    for (const auto& e : events) column_[e.src] = column_[e.dest] = 0;
    int next = 0;
    for (auto& [address, c] : column_) c = next++;
    width_ = std::max(1200.0, kColumn * static_cast<double>(column_.size()));
  }
  const std::map<int, int>& columns() const { return column_; }  // address -> column
  double width() const { return width_; }
  double height() const { return kHead + kStep * (static_cast<double>(steps_) + 3); }
  double x(int address) const {
    return width_ * (column_.at(address) + 0.5) / static_cast<double>(column_.size());
  }
  double y(std::size_t step) const { return kHead + kStep * (static_cast<double>(step) + 1); }

 private:
  std::size_t steps_;
  std::map<int, int> column_;
  double width_;
};

// The svg element, the arrowheads and style sheet, the title, legend and what was left out.
void AppendPreamble(std::string& s, const Layout& at, const MessageJournal& journal) {
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + SvgNum(at.width()) + "\" height=\"" +
       SvgNum(at.height()) +
       "\" font-family=\"sans-serif\" "
       "font-size=\"11\">\n<defs>" +
       Head("server", "#000000") + Head("client", "#3A8FE8") + Head("error", "#FF1E90") +
       "</defs>\n<style>g line { stroke-width: 2px } "
       "g text { text-anchor: middle } .s line { stroke: #000000; marker-end: "
       "url(#server) } .c line { stroke: #3A8FE8; marker-end: url(#client) } .e line "
       "{ stroke: #FF1E90; marker-end: url(#error) } .c text { fill: #3A8FE8 } .e "
       "text { fill: #FF1E90 }</style>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"10\" y=\"20\" font-size=\"15\">Messages: time flows down, a step per send or "
       "receipt; hover over an arrow to see the message</text>\n";
  s += "<text x=\"10\" y=\"38\"><tspan fill=\"#000000\">black: between servers</tspan>  "
       "<tspan fill=\"#3A8FE8\">blue: to or from a client</tspan>  <tspan fill=\"#FF1E90\">"
       "pink: an error reply</tspan></text>\n";
  std::size_t drawn = journal.events().size();
  std::string notice = journal.truncated() ? "Only the first " + std::to_string(drawn) + " of " +
                                                 std::to_string(journal.total()) +
                                                 " network events are drawn (as Maelstrom does)."
                                           : std::to_string(drawn) + " network events, all drawn.";
  s += "<text x=\"10\" y=\"56\" fill=\"" +
       std::string(journal.truncated() ? "#D96918" : "#555555") + "\">" + XmlEscaped(notice) +
       "</text>\n";
}

// Each column's line, and its name: at its head, and again every kLabelEvery steps where it
// takes part in one of the next kLabelEvery events, so that a reader far down the picture knows
// the columns of the arrows in view. Only those: naming every column in every block made a
// 1,024-node test's picture 600,000 labels (50 MB) for its 10,000 events.
void AppendColumns(std::string& s, const Network& net, const Layout& at,
                   const std::vector<MessageJournal::Event>& events) {
  auto label = [&](int address, std::size_t step) {
    s += "<text x=\"" + SvgNum(at.x(address)) + "\" y=\"" + SvgNum(at.y(step) - 4) +
         "\" text-anchor=\"middle\" fill=\"" + (step == 0 ? "#000000" : "#aaaaaa") + "\">" +
         XmlEscaped(net.name(address)) + "</text>\n";
  };
  for (const auto& [address, c] : at.columns()) {
    double cx = at.x(address);
    s += "<line x1=\"" + SvgNum(cx) + "\" y1=\"" + SvgNum(at.y(0)) + "\" x2=\"" + SvgNum(cx) +
         "\" y2=\"" + SvgNum(at.y(events.size() + 1)) + "\" stroke=\"#cccccc\"/>\n";
    label(address, 0);
  }
  for (std::size_t block = kLabelEvery; block < events.size(); block += kLabelEvery) {
    std::set<int> active;  // in column order, as the layout's columns are
    for (std::size_t step = block; step < std::min(block + kLabelEvery, events.size()); ++step) {
      active.insert(events[step].src);
      active.insert(events[step].dest);
    }
    for (int address : active) label(address, block);
  }
}

// An arrow per message received, from its send's step to its receipt's.
void AppendArrows(std::string& s, const Network& net, const Layout& at,
                  const std::vector<MessageJournal::Event>& events) {
  std::unordered_map<std::int64_t, std::size_t> sent;  // message id -> its send's step
  for (std::size_t step = 0; step < events.size(); ++step) {
    const auto& e = events[step];
    if (!e.recv) {
      sent.emplace(e.id, step);
      continue;
    }
    auto from = sent.find(e.id);
    if (from == sent.end()) continue;
    const std::string& body = events[from->second].body;
    std::string label = Label(body);
    bool client = net.kind(e.src) == EntityKind::kClient || net.kind(e.dest) == EntityKind::kClient;
    bool error = label.rfind("error", 0) == 0;
    const char* head = error ? "error" : (client ? "client" : "server");
    double x0 = at.x(e.src), y0 = at.y(from->second), x1 = at.x(e.dest), y1 = at.y(step);
    // Colour, arrowhead and label placement come from the class (the style sheet above): a
    // message costs its coordinates, its label and its text.
    s += std::string("<g class=\"") + head[0] + "\"><title>";
    AppendXmlText(s, Truncated(net.name(e.src) + " → " + net.name(e.dest) + " " + body, 300));
    s += "</title><line x1=\"" + Int(x0) + "\" y1=\"" + Int(y0) + "\" x2=\"" + Int(x1) +
         "\" y2=\"" + Int(y1) + "\"/><text x=\"" + Int((x0 + x1) / 2) + "\" y=\"" +
         Int((y0 + y1) / 2 - 3) + "\">";
    AppendXmlText(s, label);
    s += "</text></g>\n";
  }
}

class MessagesFile final : public StoreFile {
 public:
  std::string_view name() const override { return "messages.svg"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    static const Network none(LatencyDistribution(LatencyShape::kConstant, 0), Random(0));
    const Network& net = run.network != nullptr ? *run.network : none;
    const auto& events = net.journal().events();
    Layout at(events);
    std::string svg;
    AppendPreamble(svg, at, net.journal());
    AppendColumns(svg, net, at, events);
    AppendArrows(svg, net, at, events);
    svg += "</svg>\n";
    return std::fwrite(svg.data(), 1, svg.size(), out) == svg.size();
  }
};

}  // namespace

std::unique_ptr<StoreFile> MakeMessagesFile() { return std::make_unique<MessagesFile>(); }

}  // namespace glomers
