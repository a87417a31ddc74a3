"""A Word paragraph's text read with the fewest tags is the text read the general way."""
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from anquanyue.reading.loaders.docx_text import paragraph_text, text_tags
from anquanyue.reading.textnorm import SUPERSCRIPT

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


STYLED_PLAIN = "<w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t>3</w:t></w:r>"  # a style that raises nothing
STYLED_RAISED = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>1</w:t></w:r>"
STYLES = {"FootnoteReference": SUPERSCRIPT}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(PLAIN, PLAIN, SPECIAL, st.sampled_from([STYLED_PLAIN, STYLED_RAISED])),
                         max_size=6), min_size=1, max_size=5))
def test_runs_in_character_styles_read_with_the_fewest_tags_read_as_the_general_way(paragraphs):
    """A run in a raised character style needs the closer look; one in a style that raises nothing does not, and
    the styles are asked for only when a run has a style."""
    body = etree.fromstring(f'<w:body xmlns:w="{W}">' + "".join(f"<w:p>{''.join(p)}</w:p>" for p in paragraphs)
                            + "</w:body>")
    asked = []

    def styles():
        asked.append(1)
        return STYLES

    tags = text_tags(body, styles)
    items = [item for p in paragraphs for item in p]
    assert (tags is None) == any(item in SPECIALS or item == STYLED_RAISED for item in items)
    if not any(item in (STYLED_PLAIN, STYLED_RAISED) for item in items):
        assert asked == []
    direct = etree.fromstring(f'<w:body xmlns:w="{W}">' + "".join(
        f"<w:p>{''.join(SPECIALS[0] if item == STYLED_RAISED else item for item in p)}</w:p>" for p in paragraphs)
        + "</w:body>")  # the same, the raised style's run raised directly instead
    for p, same in zip(body.iter(f"{{{W}}}p"), direct.iter(f"{{{W}}}p")):
        text = paragraph_text(p, [], tags, styles)
        assert text == paragraph_text(p, [], None, styles) == paragraph_text(same, [])
