// Maelstrom's clients: each one synchronous (at most one request outstanding), numbering its
// requests' msg_id from 1, waiting a set time for the reply. A client drops any message but the
// reply to its outstanding request, as Maelstrom's does; the reply, or the lack of one at the
// deadline, goes to the client's owner (the code that opened it, with the tag it gave).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/json_writer.h"
#include "runner/src/nanos.h"
#include "runner/src/network.h"

namespace glomers {

class Clients {
 public:
  class Owner {
   public:
    virtual ~Owner() = default;
    // The reply to the client's request, or nullptr if none came in time.
    virtual void Answered(int client, std::uint64_t tag, const maelstrom::JsonView* reply,
                          Nanos now) = 0;
  };
  // How messages leave a client: through the network, with the sender's own logging.
  class Sender {
   public:
    virtual ~Sender() = default;
    virtual void Send(Address src, Address dest, std::string body, Nanos now) = 0;
  };

  Clients(Network& network, Sender& sender) : network_(network), sender_(sender) {}

  // Opens the next client (c0, c1, ...); `owner` (may be null, for a client that stays idle)
  // hears its replies.
  int Open(Owner* owner, std::uint64_t tag);
  // Closes it: its address is no longer live, and its outstanding request is forgotten.
  void Close(int client);

  // Sends a request: an object with the members `write(JsonWriter&)` writes and the client's
  // next msg_id. Its reply is awaited until now + timeout.
  template <class F>
  void Request(int client, Address dest, Nanos timeout, Nanos now, F&& write) {
    Client& c = clients_[static_cast<std::size_t>(client)];
    std::int64_t msg_id = ++c.last_msg_id;
    c.request.clear();
    JsonWriter w(c.request);
    w.BeginObject();
    write(w);
    w.Key("msg_id").Int(msg_id).EndObject();
    c.waiting = msg_id;
    timeouts_.Set(client, now + timeout);
    sender_.Send(c.address, dest, c.request, now);
  }
  // The body of the client's latest request, for error texts.
  const std::string& request(int client) const {
    return clients_[static_cast<std::size_t>(client)].request;
  }
  Address address(int client) const { return clients_[static_cast<std::size_t>(client)].address; }

  // A message to a client, taken from the network.
  void Deliver(const Envelope& e, Nanos now);
  // Hands the owners the requests whose deadline has come; true if there were any.
  bool FireTimeouts(Nanos now);
  std::optional<Nanos> NextTimeout() const { return timeouts_.earliest(); }

 private:
  struct Client {
    Address address = -1;
    Owner* owner = nullptr;
    std::uint64_t tag = 0;
    std::int64_t last_msg_id = 0;
    std::optional<std::int64_t> waiting;
    std::string request;  // the outstanding (or last) request body
  };
  // The deadlines of outstanding requests: a binary heap with each client's position, so that a
  // reply removes its deadline at once and the heap holds no more than the clients waiting.
  class Deadlines {
   public:
    void Set(int client, Nanos at);
    void Remove(int client);
    std::optional<Nanos> earliest() const;
    int front() const { return heap_.front().client; }

   private:
    struct Entry {
      Nanos at;
      int client;
      // Earliest first; ties in the order the clients opened.
      bool operator<(const Entry& o) const { return at != o.at ? at < o.at : client < o.client; }
    };
    void Place(std::size_t i);
    void Up(std::size_t i);
    void Down(std::size_t i);
    std::vector<Entry> heap_;
    std::vector<int> position_;  // by client; -1 when not waiting
  };

  void Finish(int client, const maelstrom::JsonView* reply, Nanos now);

  Network& network_;
  Sender& sender_;
  std::deque<Client> clients_;  // a deque: millions of clients never move at once
  Address first_address_ = -1;
  Deadlines timeouts_;
  maelstrom::JsonDocument reply_doc_;
};

}  // namespace glomers
