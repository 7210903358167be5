CongkhaiSearch.load("lex:m",[["mien",1],["mot",2],["muc",1]]);
