"""Agency names inside plan task cells become links; everything else stays escaped text."""

from congkhai.model import Agency
from congkhai.text.linking import AgencyLinker

AGENCIES = {
    "van-phong": Agency(id="van-phong", name="Văn phòng HĐND-UBND huyện"),
    "tthcc": Agency(id="tthcc", name="Trung tâm Hành chính công huyện", aliases=["Trung tâm HCC huyện"]),
    "ubnd-xa": Agency(id="ubnd-xa", name="UBND các xã, thị trấn", aliases=["UBND cấp xã"]),
}


def link(text):
    return str(AgencyLinker(AGENCIES).link(text, lambda agency_id: f"/co-quan/{agency_id}/"))


def test_names_and_aliases_are_linked():
    assert link("Trung tâm HCC huyện; UBND cấp xã.") == (
        '<a href="/co-quan/tthcc/">Trung tâm HCC huyện</a>; <a href="/co-quan/ubnd-xa/">UBND cấp xã</a>.')


def test_case_is_ignored_and_the_original_text_kept():
    assert link("văn phòng HĐND-UBND huyện") == '<a href="/co-quan/van-phong/">văn phòng HĐND-UBND huyện</a>'


def test_longest_name_wins():
    agencies = dict(AGENCIES, ubnd="x")
    agencies["ubnd"] = Agency(id="ubnd", name="UBND")
    html = str(AgencyLinker(agencies).link("UBND cấp xã và UBND", lambda a: a))
    assert html == '<a href="ubnd-xa">UBND cấp xã</a> và <a href="ubnd">UBND</a>'


def test_text_is_escaped():
    assert link('<b onclick="x">Các phòng</b> & ban') == '&lt;b onclick=&#34;x&#34;&gt;Các phòng&lt;/b&gt; &amp; ban'


def test_empty():
    assert link(None) == "" and link("") == ""
