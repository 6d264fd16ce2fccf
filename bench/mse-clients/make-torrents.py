# Two 24 MiB files and their torrents: hybrid (v1+v2, as libtorrent 2 makes them) for libtorrent,
# v1-only for aria2 (which does not read v2 and would hash the info dictionary differently).
import libtorrent as lt, os
os.makedirs('seed', exist_ok=True)
for name in ('plain.bin', 'forced.bin'):
    with open('seed/' + name, 'wb') as f:
        f.write(os.urandom(24 * 1024 * 1024))
    for prefix, flags in (('', 0), ('v1-', lt.create_torrent.v1_only)):
        fs = lt.file_storage()
        lt.add_files(fs, 'seed/' + name)
        t = lt.create_torrent(fs, 262144, flags=flags)
        t.add_tracker('http://127.0.0.1:7999/announce')
        lt.set_piece_hashes(t, 'seed')
        with open(prefix + name + '.torrent', 'wb') as f:
            f.write(lt.bencode(t.generate()))
        print(prefix + name, lt.torrent_info(prefix + name + '.torrent').info_hash(), flush=True)
