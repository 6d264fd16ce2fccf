# Two libtorrent seeders: 127.0.0.1:7001 accepts plaintext and MSE; 127.0.0.1:7002 requires MSE with RC4
# (in_enc_policy forced, allowed_enc_level rc4), the upstream of the torrents marked encryption: mse.
import libtorrent as lt, time, sys
def session(port, forced):
    s = {'listen_interfaces': '127.0.0.1:%d' % port, 'enable_dht': False, 'enable_lsd': False,
         'enable_upnp': False, 'enable_natpmp': False, 'alert_mask': lt.alert.category_t.all_categories,
         'allow_multiple_connections_per_ip': True}
    if forced:
        s.update({'in_enc_policy': 0, 'out_enc_policy': 0, 'allowed_enc_level': 2})
    return lt.session(s)
a = session(7001, False)
b = session(7002, True)
for ses, name in ((a, 'plain.bin'), (b, 'forced.bin'), (a, 'v1-plain.bin'), (b, 'v1-forced.bin')):
    p = lt.add_torrent_params(); p.ti = lt.torrent_info(name + '.torrent'); p.save_path = 'seed'
    p.flags |= lt.torrent_flags.seed_mode
    ses.add_torrent(p)
while True:
    for ses, tag in ((a, 'plain-seeder'), (b, 'forced-seeder')):
        for al in ses.pop_alerts():
            t = al.what()
            if t in ('peer_connect', 'peer_disconnected', 'incoming_connection', 'peer_error', 'torrent_error', 'listen_failed', 'listen_succeeded'):
                print(tag, t, al.message(), flush=True)
    time.sleep(0.2)
