# A libtorrent downloader that requires encryption (out_enc_policy forced, RC4 only), given the gateway as its
# only peer; prints whether it finished and how its peers were encrypted.
import libtorrent as lt, time, sys, hashlib
name = sys.argv[1]
s = lt.session({'listen_interfaces': '127.0.0.1:7003', 'enable_dht': False, 'enable_lsd': False,
    'enable_upnp': False, 'enable_natpmp': False, 'in_enc_policy': 0, 'out_enc_policy': 0, 'allowed_enc_level': 2,
    'alert_mask': lt.alert.category_t.all_categories, 'allow_multiple_connections_per_ip': True})
p = lt.add_torrent_params(); p.ti = lt.torrent_info(name + '.torrent'); p.save_path = 'dl-lt'
p.trackers = []
h = s.add_torrent(p)
h.connect_peer(('127.0.0.1', 6881))
start = time.time()
while time.time() - start < 60:
    for al in s.pop_alerts():
        if al.what() in ('peer_connect', 'peer_disconnected', 'peer_error', 'torrent_finished', 'hash_failed'):
            print('libtorrent-dl', al.what(), al.message(), flush=True)
    st = h.status()
    if st.is_seeding:
        break
    time.sleep(0.2)
st = h.status()
print('libtorrent-dl done=%s progress=%.3f peers=%d' % (st.is_seeding, st.progress, st.num_peers))
for pi in h.get_peer_info():
    print('peer', pi.ip, 'rc4' if pi.flags & lt.peer_info.rc4_encrypted else 'plain/other', 'flags', pi.flags)
