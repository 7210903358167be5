CongkhaiSearch.load("lex:d",[["dang",4],["day",1],["dich",1],["dien",1],["dinh",2],["dong",1],["du",1],["dung",1]]);
