CongkhaiSearch.load("lex:g",[["gioi",1],["gov",1],["gui",1]]);
