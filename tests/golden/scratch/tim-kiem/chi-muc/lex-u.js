CongkhaiSearch.load("lex:u",[["ubnd",7]]);
