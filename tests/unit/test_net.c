/* ferry: addresses the network layer classifies (src/net/net.c). */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"

static int
loopback(const char *text)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1)
		s4->sin_family = AF_INET;
	else if (inet_pton(AF_INET6, text, &s6->sin6_addr) == 1)
		s6->sin6_family = AF_INET6;
	else
		cr_assert_fail("not an address: %s", text);
	return (net_addr_is_loopback((struct sockaddr *)&ss));
}

/* A server on this host: 127.0.0.0/8, ::1, and 127.x written as an IPv6
 * address; nothing else. */
Test(net, loopback_addresses_are_127_slash_8_and_colon_colon_1)
{
	static const struct {
		const char	*addr;
		int		 want;
	} t[] = {
		{ "127.0.0.1", 1 },
		{ "127.255.3.4", 1 },
		{ "::1", 1 },
		{ "::ffff:127.0.0.1", 1 },
		{ "::ffff:127.1.2.3", 1 },
		{ "0.0.0.0", 0 },
		{ "126.255.255.255", 0 },
		{ "128.0.0.1", 0 },
		{ "10.0.0.1", 0 },
		{ "192.168.1.1", 0 },
		{ "::", 0 },
		{ "::2", 0 },
		{ "::ffff:10.0.0.1", 0 },
		{ "::127.0.0.1", 0 },		/* v4-compatible: not mapped */
		{ "fe80::1", 0 },
		{ "2001:db8::1", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		cr_expect_eq(loopback(t[i].addr), t[i].want, "%s: %d",
		    t[i].addr, !t[i].want);
}

/* The peer of a real socket: a connection over 127.0.0.1 is one; a socket
 * that is not connected, or no socket, is not. */
Test(net, the_peer_of_a_connection_over_127_0_0_1_is_on_this_host)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int l, c;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_neq(l = socket(AF_INET, SOCK_STREAM, 0), -1);
	cr_assert_eq(bind(l, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(l, 1), 0);
	cr_assert_eq(getsockname(l, (struct sockaddr *)&a, &len), 0);
	cr_assert_neq(c = socket(AF_INET, SOCK_STREAM, 0), -1);
	cr_expect_eq(net_peer_is_loopback(c), 0, "not connected yet");
	cr_assert_eq(connect(c, (struct sockaddr *)&a, sizeof a), 0);
	cr_expect_eq(net_peer_is_loopback(c), 1);
	cr_expect_eq(net_peer_is_loopback(l), 0, "a listening socket");
	cr_expect_eq(net_peer_is_loopback(-1), 0);
	close(c);
	close(l);
}
