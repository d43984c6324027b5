"""What people might type, as Hypothesis strategies: Slack markup, numbers, dates and goal
words mixed in. Shared by the fuzz tests of the coach, the text parsers and the app over HTTP."""

from __future__ import annotations

from hypothesis import strategies as st

SLACK_BITS = st.sampled_from(
    ["<@U123ABC>", "<!channel>", "<#C42|general>", "30 June 2027", "1200 today", "fra 40 til"]
)

TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(st.text(max_size=15), SLACK_BITS), max_size=8).map(" ".join),
)

slack_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<!channel> 5000 followers by 30 June 2027",
            "<@U2> <!here> mondays 25:99",
            "&lt; & < > 1.234 1,5 5k",
            "done",
            "ferdig",
            "ok",
            "keep",
            "remove 1",
            "fjern 9",
            "",
            "   ",
            "9" * 400,
            "30.02.2027",
            "1/0",
            "\u202e\u0000\ufffd",
        ]
    ),
    st.lists(
        st.sampled_from(
            ["5000", "by", "innen", "June", "2027", "today", "i dag", "<@U1>", ",", "kr", "%"]
        ),
        max_size=12,
    ).map(" ".join),
)
