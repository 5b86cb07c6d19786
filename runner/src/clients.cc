#include "runner/src/clients.h"

#include <charconv>

namespace glomers {

int Clients::Open(Owner* owner, std::uint64_t tag) {
  Client c;
  c.address = network_.OpenClient();
  c.owner = owner;
  c.tag = tag;
  if (clients_.empty()) first_address_ = c.address;
  clients_.push_back(std::move(c));
  return static_cast<int>(clients_.size() - 1);
}

void Clients::Close(int client) {
  Client& c = clients_[static_cast<std::size_t>(client)];
  c.waiting.reset();
  timeouts_.Remove(client);
  network_.Close(c.address);
}

void Clients::Deliver(const Envelope& e, Nanos now) {
  auto index = static_cast<std::size_t>(e.dest - first_address_);
  if (index >= clients_.size()) return;
  Client& c = clients_[index];
  if (!c.waiting || !reply_doc_.Parse(e.body)) return;
  maelstrom::JsonView body = reply_doc_.root();
  auto in_reply_to = body.Find("in_reply_to");
  // A synchronous client drops anything but the reply to its outstanding request.
  if (!in_reply_to || !in_reply_to->is_integer()) return;
  char expected[24];
  auto end = std::to_chars(expected, expected + sizeof expected, *c.waiting).ptr;
  if (in_reply_to->raw() != std::string_view(expected, static_cast<std::size_t>(end - expected))) {
    return;
  }
  Finish(static_cast<int>(index), &body, now);
}

bool Clients::FireTimeouts(Nanos now) {
  bool any = false;
  while (auto at = timeouts_.earliest()) {
    if (*at > now) break;
    any = true;
    Finish(timeouts_.front(), nullptr, now);
  }
  return any;
}

void Clients::Finish(int client, const maelstrom::JsonView* reply, Nanos now) {
  Client& c = clients_[static_cast<std::size_t>(client)];
  c.waiting.reset();
  timeouts_.Remove(client);
  if (c.owner != nullptr) c.owner->Answered(client, c.tag, reply, now);
}

// ---------------------------------------------------------------------------------------------
// Deadlines

void Clients::Deadlines::Set(int client, Nanos at) {
  auto c = static_cast<std::size_t>(client);
  if (position_.size() <= c) position_.resize(c + 1, -1);
  if (position_[c] >= 0) Remove(client);
  heap_.push_back({at, client});
  Place(heap_.size() - 1);
  Up(heap_.size() - 1);
}

void Clients::Deadlines::Remove(int client) {
  auto c = static_cast<std::size_t>(client);
  if (c >= position_.size() || position_[c] < 0) return;
  auto i = static_cast<std::size_t>(position_[c]);
  position_[c] = -1;
  Entry last = heap_.back();
  heap_.pop_back();
  if (i == heap_.size()) return;
  heap_[i] = last;
  Place(i);
  Up(i);
  Down(static_cast<std::size_t>(position_[static_cast<std::size_t>(last.client)]));
}

std::optional<Nanos> Clients::Deadlines::earliest() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at;
}

void Clients::Deadlines::Place(std::size_t i) {
  position_[static_cast<std::size_t>(heap_[i].client)] = static_cast<int>(i);
}

void Clients::Deadlines::Up(std::size_t i) {
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!(heap_[i] < heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    Place(i);
    Place(parent);
    i = parent;
  }
}

void Clients::Deadlines::Down(std::size_t i) {
  while (true) {
    std::size_t least = i, left = 2 * i + 1, right = left + 1;
    if (left < heap_.size() && heap_[left] < heap_[least]) least = left;
    if (right < heap_.size() && heap_[right] < heap_[least]) least = right;
    if (least == i) break;
    std::swap(heap_[i], heap_[least]);
    Place(i);
    Place(least);
    i = least;
  }
}

}  // namespace glomers
