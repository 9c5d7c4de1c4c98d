package io.mcpgateway.testing.hostile;

import java.net.URI;
import java.util.List;

/**
 * apiUrl values for the SSRF guard and the URL checks: other schemes, user-info and fragment tricks, loopback,
 * private, link-local, metadata and reserved addresses in every notation that needs no DNS, ports out of range, and
 * broken or look-alike URLs; the planted URL parts go in some of them. Each is sent for a new session with the
 * stranger's token (401 whatever happens) and as a takeover of the victim's session with the victim's own token.
 * (Host names that need DNS are left out: unresolvable names are a 500 NETWORK_ERROR by design, and reachable ones
 * would leave the machine.)
 */
final class ApiUrlAttacks {

    private ApiUrlAttacks() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("apiUrl");
        Targets targets = endpoints.targets();
        Endpoints.JsonEndpoint init = endpoints.init();
        for (String url : urls(URI.create(targets.apiUrl()))) {
            corpus.refusedWith(401, "new session, apiUrl " + url, init.request(init.body().with("apiUrl", url).bytes()));
            corpus.refused("the victim's session and token, apiUrl " + url, init.request(init.body()
                    .with("session_id", targets.victim().id()).with("apiUrl", url)
                    .with("jwtToken", targets.victim().token()).bytes()));
        }
    }

    private static List<String> urls(URI api) {
        String stub = api.getRawAuthority();
        int port = api.getPort();
        String planted = HostileRequests.PLANTED_URL_PARTS.get(0);
        String plantedQuery = HostileRequests.PLANTED_URL_PARTS.get(1);
        String plantedPassword = HostileRequests.PLANTED_URL_PARTS.get(2);
        String plantedHost = HostileRequests.PLANTED_URL_PARTS.get(3);
        return List.of(
                "file:///etc/passwd", "file://" + stub + "/etc/passwd", "gopher://" + stub + "/_INFO",
                "dict://" + stub + "/stats", "ldap://" + stub + "/", "jar:http://" + stub + "!/", "ws://" + stub + "/",
                "ftp://" + plantedHost + "/" + planted + "?x=" + plantedQuery, "javascript:alert(1)", "data:text/plain,hi",
                "mailto:a@b.example", "//" + stub + "/", stub, "http:" + stub, "http:/" + stub, "http://", "http:///x",
                "http://admin:" + plantedPassword + "@" + plantedHost + "/", "http://user@" + stub + "/",
                "http://" + stub + "@" + plantedHost + "/", "http://" + plantedHost + "#@" + stub + "/",
                "http://" + plantedHost + "\\@" + stub + "/", "http://" + stub + "/#fragment", "http://" + stub + "#",
                "http://[::1]:" + port + "/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/",
                "http://[::ffff:127.0.0.1]:" + port + "/", "http://[::ffff:7f00:1]/", "http://[::]/",
                "http://0.0.0.0:" + port + "/", "http://0/", "http://2130706433:" + port + "/",
                "http://127.000.000.001:" + port + "/", "http://127.0.0.2:" + port + "/", "http://127.255.255.254/",
                "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://100.64.0.1/", "http://198.18.0.1/",
                "http://192.0.0.1/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[fe80::1]/",
                "http://[ff02::1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/",
                "http://[::ffff:0:127.0.0.1]:" + port + "/", "http://[::ffff:0:a9fe:a9fe]/", "http://[64:ff9b:1::7f00:1]/",
                "http://[64:ff9b:1:7f00:0:100::]/", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:" + port + "/",
                "http://[2001:0:a9fe:a9fe::]/",
                "http://127.0.0.1:0/", "http://127.0.0.1:65536/", "http://127.0.0.1:99999/",
                "http://127.0.0.1:99999999999/", "http://127.0.0.1:-1/",
                "http://" + stub + "/" + "x".repeat(2_100), "http://exa mple.com/", " http://" + stub,
                "http://" + stub + " ",
                "\thttp://" + stub, "http://" + stub + "/\r\nX-Injected: yes", "http://" + stub + "/%0d%0aX-Injected:%20yes",
                "http://\u0430pple.example/", "http://127\u30020\u30020\u30021/", "http://a_b.example/",
                "http://-a.example/", "http://a..b/", "HTTP://" + stub + "/", "http://localhost:" + port + "/",
                "http://" + stub + "/" + planted + "?apikey=" + plantedQuery, "http://" + stub + "/?" + "q".repeat(2_000));
    }
}
