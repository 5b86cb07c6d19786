// Which requests `glomers serve` answers when it listens on this machine only: the guard against
// DNS rebinding. A web page from anywhere can make the browser that shows it send requests to
// 127.0.0.1 under a name of the page's own (a name that resolved to the page's server a moment
// ago and to 127.0.0.1 now), and then read the answers as its own: the store, to any site the
// user visits while the server runs. Such a request carries the page's name in its Host header,
// so a server bound to a loopback address answers only requests whose Host names this machine.
// A server bound to another address (--host 0.0.0.0, say) was asked to be reachable by other
// names, and checks nothing (serve_cli.cc warns at start).
#pragma once

#include <sys/socket.h>

#include <string_view>

namespace glomers {

// True when `host` (a Host header's value: a name or address, then ":port" or not) names this
// machine by loopback: "localhost" (any case, a trailing dot allowed), an IPv4 address in
// 127.0.0.0/8, or "[::1]". Also true when it is empty: a request without a Host header comes from
// no browser (every browser sends one), and HTTP/1.0 clients may leave it out.
bool IsLoopbackHost(std::string_view host);

// True when `address` (IPv4 or IPv6) is a loopback address: 127.0.0.0/8 or ::1. What --host
// resolved to decides, address by address, whether IsLoopbackHost guards requests.
bool IsLoopback(const sockaddr& address);

}  // namespace glomers
