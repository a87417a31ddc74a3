"""A Word paragraph's text read with the fewest tags is the text read the general way."""
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from anquanyue.reading.loaders.docx_text import paragraph_text, text_tags

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PLAIN = st.sampled_from([
    "<w:r><w:t>开展宣讲活动（</w:t></w:r>", "<w:r><w:t xml:space=\"preserve\"> 12 </w:t></w:r>", "<w:r><w:t/></w:r>",
    "<w:r><w:rPr><w:b/></w:rPr><w:t>）场</w:t></w:r>", "<w:r><w:tab/></w:r>", "<w:r><w:br/></w:r>", "<w:r><w:cr/></w:r>",
    "<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>", "<w:proofErr w:type=\"spellStart\"/>",
    "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>", "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>",
])
SPECIALS = [
    "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>1</w:t></w:r>",
    "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>", "<w:r><w:instrText>PAGE</w:instrText></w:r>",
    "<w:r><w:footnoteReference w:id=\"2\"/></w:r>",
]
SPECIAL = st.sampled_from(SPECIALS)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(PLAIN, PLAIN, PLAIN, SPECIAL), max_size=6), min_size=1, max_size=5))
def test_a_paragraph_read_with_the_fewest_tags_reads_as_the_general_way(paragraphs):
    body = etree.fromstring(f'<w:body xmlns:w="{W}">' + "".join(f"<w:p>{''.join(p)}</w:p>" for p in paragraphs)
                            + "</w:body>")
    tags = text_tags(body)
    has_special = any(item in SPECIALS for p in paragraphs for item in p)
    assert (tags is None) == has_special
    for p in body.iter(f"{{{W}}}p"):
        assert paragraph_text(p, [], tags) == paragraph_text(p, [])
