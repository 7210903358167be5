CongkhaiSearch.load("lex:x",[["xa",4]]);
