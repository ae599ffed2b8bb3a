"""What the extractor learns from reading the whole site, and the cues it reads on any site:
abbreviations an archive defines once, the site's language, datelines and credits, events named
after towns, organizations by what is said of them, people listed with people."""
import json

from .conftest import call_cli, read_page, rest_post, write_json


def _import(tmp_path, *posts, registry=False):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    sources = [write_json(tmp_path / "in" / f"{post['id']}.json", post) for post in posts]
    result = call_cli("import", *map(str, sources), "--docs", str(docs), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return docs


def _page(docs, post_id):
    return read_page(docs / f"articles/2024/01/post-{post_id}.md")[0]


def _post(post_id, html, title=None):
    return rest_post(post_id, content={"rendered": html}, title={"rendered": title or f"Berita {post_id}"})


def test_a_short_form_defined_in_one_article_resolves_in_every_other(tmp_path):
    docs = _import(
        tmp_path,
        _post(2101, "<p>Ketua Umum Partai Golongan Karya (Golkar) hadir dalam rapat Dewan Perwakilan Rakyat "
                    "(DPR) di Jakarta pada hari Senin. Rapat itu membahas anggaran negara yang baru.</p>"),
        _post(2102, "<p>Rapat paripurna DPR menolak usulan pemerintah. Sikap Partai Golkar dalam rapat itu "
                    "menentukan hasilnya, kata para pengamat yang hadir di gedung parlemen.</p>"),
    )
    later = _page(docs, 2102)["actors"]["organizations"]
    assert "Dewan Perwakilan Rakyat" in later and "Partai Golongan Karya" in later
    assert "DPR" not in later and "Partai Golkar" not in later
    page = (docs / "organizations/dewan-perwakilan-rakyat.md").read_text()
    assert "post-2101" in page and "post-2102" in page


def test_countries_are_read_in_the_sites_language(tmp_path):
    docs = _import(tmp_path, _post(2201, (
        "<p>Presiden melakukan kunjungan kenegaraan ke Singapura dan Amerika Serikat pekan ini. "
        "Dalam pertemuan itu, kedua pemimpin membahas ancaman dari Korea Utara dan kerja sama "
        "ekonomi yang terus membaik antara kedua negara.</p>")))
    states = _page(docs, 2201)["actors"]["states"]
    assert {"Singapore", "United States", "North Korea"} <= set(states)


def test_a_dateline_in_capitals_and_credits_name_place_agency_and_photographer(tmp_path):
    docs = _import(tmp_path, _post(2301, (
        "<p>PEKANBARU (Suara Karya) – Gempa mengguncang wilayah itu pada Senin pagi dan warga "
        "berhamburan keluar rumah.</p><p>Petugas masih mendata kerusakan. (Antara/Dwi Putro AA)</p>")),
        # A discovery needs a second article naming it to be on the site (generator/consolidate.py).
        _post(2302, (
        "<p>PEKANBARU (Suara Karya) – Banjir merendam ratusan rumah warga pada Selasa malam setelah "
        "hujan deras.</p><p>Warga mengungsi ke masjid terdekat. (Antara/Dwi Putro AA)</p>")))
    meta = _page(docs, 2301)
    assert meta["places"][0] == "Pekanbaru"
    assert {"Suara Karya", "Antara"} <= set(meta["actors"]["organizations"])
    assert "Dwi Putro AA" in meta["actors"]["people"]


def test_an_event_named_after_its_town_names_the_town_not_the_government(tmp_path):
    docs = _import(tmp_path, rest_post(2401, content={"rendered": (
        "<p>She attended WordCamp Harare in 2018 and spoke at WordCamp Jakarta 2019 about design. "
        "Later she joined the WordCamp Retreat Soltau team.</p>")}))
    meta = _page(docs, 2401)
    assert {"Harare", "Jakarta", "Soltau"} <= set(meta["places"])
    assert "Zimbabwe" not in meta["actors"]["states"] and "Indonesia" not in meta["actors"]["states"]
    assert "Retreat" not in meta["places"]


def test_organizations_are_known_by_what_is_said_of_them(tmp_path):
    docs = _import(tmp_path, rest_post(2501, content={"rendered": (
        "<p>Her work is sponsored by Automattic, where she leads a team. She also helps PerempuanWP, "
        "an initiative for women who build websites. The Creative Commons CEO, Catherine Stihler, "
        "welcomed the move. As a girl she wrote code for a Video Club.</p>")}),
        # A discovery needs a second article naming it to be on the site (generator/consolidate.py).
        rest_post(2502, content={"rendered": (
            "<p>His work is sponsored by Automattic, where he leads a team. He also helps PerempuanWP, "
            "an initiative for women who build websites. The Creative Commons CEO, Catherine Stihler, "
            "praised the project.</p>")}))
    organizations = _page(docs, 2501)["actors"]["organizations"]
    assert {"Automattic", "PerempuanWP", "Creative Commons"} <= set(organizations)
    assert "Video Club" not in organizations  # a kind of club, not one club's name


def test_names_listed_with_people_are_people(tmp_path):
    docs = _import(tmp_path, rest_post(2601, content={"rendered": (
        "<p>The livestream will include the following fine people: Imran Sayed, Md Saif Hassan, "
        "Muhammad Muhsin, Nirav Mehta, Piccia Neri, Umar Draz, and Francesca Marano.</p>")}),
        # A discovery needs a second article naming it to be on the site (generator/consolidate.py).
        rest_post(2602, content={"rendered": (
            "<p>The panel will include the following fine people: Imran Sayed, Md Saif Hassan, "
            "Muhammad Muhsin, Nirav Mehta, Piccia Neri, Umar Draz, and Francesca Marano.</p>")}))
    people = _page(docs, 2601)["actors"]["people"]
    assert {"Md Saif Hassan", "Nirav Mehta", "Piccia Neri", "Francesca Marano"} <= set(people)
    assert "Saif Hassan" not in people


def test_a_title_before_a_body_and_its_holder_gives_both(tmp_path):
    docs = _import(
        tmp_path,
        _post(2701, "<p>Dewan Perwakilan Rakyat (DPR) menggelar rapat kerja dengan pemerintah hari ini.</p>"),
        _post(2702, "<p>Isu itu disampaikan Wakil Ketua Komisi IV DPR, Firman Subagyo, kepada wartawan. "
                    "Firman menyebut pemerintah lamban. Sementara mantan Ketua Fraksi Demokrat Jafar Hafsah "
                    "menolak usulan itu, kata Firman.</p>"),
        # A discovery needs a second article naming it to be on the site (generator/consolidate.py).
        _post(2703, "<p>Hal itu disampaikan Wakil Ketua Komisi IV DPR, Firman Subagyo, dalam rapat kemarin. "
                    "Sementara mantan Ketua Fraksi Demokrat Jafar Hafsah menolak hadir, kata Firman.</p>"),
    )
    meta = _page(docs, 2702)
    assert {"Firman Subagyo", "Jafar Hafsah"} <= set(meta["actors"]["people"])
    assert "Firman" not in meta["actors"]["people"]
    assert "Komisi IV Dewan Perwakilan Rakyat" in meta["actors"]["organizations"]


def test_the_report_lists_what_was_learned_and_a_deleted_stub_stays_deleted(tmp_path):
    posts = [_post(2801, "<p>Rapat Dewan Perwakilan Rakyat (DPR) hari ini membahas anggaran negara yang baru.</p>"),
             _post(2802, "<p>Ketua DPR menolak usulan itu dalam rapat paripurna yang panjang.</p>")]
    report = tmp_path / "report.json"
    docs = tmp_path / "docs"
    sources = [write_json(tmp_path / "in" / f"{p['id']}.json", p) for p in posts]
    call_cli("import", *map(str, sources), "--docs", str(docs), "--report", str(report), cwd=tmp_path)
    learned = json.loads(report.read_text())["learned"]
    assert {"short": "DPR", "name": "Dewan Perwakilan Rakyat", "type": "organization"} in learned["short_forms"]
    assert "id" in learned["languages"]

    (docs / "organizations/dewan-perwakilan-rakyat.md").unlink()  # a contributor rejects it
    call_cli("import", *map(str, sources), "--docs", str(docs), cwd=tmp_path)
    assert not (docs / "organizations/dewan-perwakilan-rakyat.md").exists()
    assert "Dewan Perwakilan Rakyat" not in _page(docs, 2802)["actors"]["organizations"]


def test_a_short_form_the_site_defines_beats_a_registry_alias_until_its_stub_is_deleted(tmp_path):
    docs = tmp_path / "docs"
    (docs / "organizations").mkdir(parents=True)
    (docs / "organizations/house-of-representatives.md").write_text(
        "---\nname: House of Representatives (Indonesia)\ntype: organization\naliases:\n  - DPR\n---\n\nNotes.\n")
    sources = [write_json(tmp_path / "in" / f"{p['id']}.json", p) for p in (
        _post(2901, "<p>Rapat Dewan Perwakilan Rakyat (DPR) hari ini membahas anggaran negara yang baru.</p>"),
        _post(2902, "<p>Ketua DPR menolak usulan itu dalam rapat paripurna yang panjang.</p>"))]
    call_cli("import", *map(str, sources), "--docs", str(docs), cwd=tmp_path)
    assert _page(docs, 2902)["actors"]["organizations"] == ["Dewan Perwakilan Rakyat"]

    (docs / "organizations/dewan-perwakilan-rakyat.md").unlink()
    call_cli("import", *map(str, sources), "--docs", str(docs), cwd=tmp_path)
    assert _page(docs, 2902)["actors"]["organizations"] == ["House of Representatives (Indonesia)"]


def test_a_long_form_joins_the_registry_entity_named_by_its_short_form(tmp_path):
    docs = tmp_path / "docs"
    (docs / "organizations").mkdir(parents=True)
    (docs / "organizations/nato.md").write_text("---\nname: NATO\ntype: organization\naliases: []\n---\n")
    sources = [write_json(tmp_path / "in" / f"{p['id']}.json", p) for p in (
        rest_post(3001, content={"rendered": "<p>The North Atlantic Treaty Organization (NATO) met in Vilnius.</p>"}),
        rest_post(3002, content={"rendered": "<p>NATO leaders discussed the launch.</p>"}))]
    call_cli("import", *map(str, sources), "--docs", str(docs), cwd=tmp_path)
    assert _page(docs, 3001)["actors"]["organizations"] == ["NATO"]
    assert _page(docs, 3002)["actors"]["organizations"] == ["NATO"]
    assert not (docs / "organizations/north-atlantic-treaty-organization.md").exists()


def test_a_year_heads_the_dates_listed_after_it_but_not_a_date_further_on(tmp_path):
    docs = _import(tmp_path, _post(2401, (
        "<p>The launches of 2023: May 31, August 24 and November 21 all used the same pad.</p>"
        "<p>The ministry set goals for 2025 with a deadline of Feb. 14 for the first draft.</p>"),
        title="Launches"))
    dates = {(d["date"], d["text"]) for d in _page(docs, 2401)["dates_mentioned"]}
    assert {("2023-05-31", "May 31"), ("2023-08-24", "August 24"), ("2023-11-21", "November 21")} <= dates
    # Published 15 January 2024: the deadline is the coming February, not February 2025.
    assert ("2024-02-14", "Feb. 14") in dates and ("2025-02-14", "Feb. 14") not in dates
